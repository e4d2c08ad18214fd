import { Injectable } from '@nestjs/common';
import { ORGANIZATION_KINDS } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowResult } from '@pk/service-runtime';
import { ORGANIZATION_INN } from '../api/directory.dto';
import { RegisterOrganizationRequest } from '../api/organization.dto';
import { OrganizationCommands } from '../application/organization.commands';
import { directoryId } from '../domain/directory-id';
import {
  codeOf,
  type Field,
  keyOf,
  municipalityReference,
  refusalsAsProblems,
  textReason,
  unknownCode,
  upsert,
  validated,
} from './import-rows';

const fields: Record<string, Field> = {
  name: { column: 'name', explain: textReason },
  kind: { column: 'kind', explain: unknownCode('вид организации', ORGANIZATION_KINDS) },
  inn: { column: 'inn', explain: (cell) => `ИНН "${cell}" должен состоять из 10 цифр` },
};

/** Educational organizations by ИНН: `inn;name;kind;municipality_oktmo`. */
@Injectable()
export class OrganizationImport implements ImportFormat {
  readonly kind = 'organizations';
  readonly columns = { required: ['inn', 'name', 'kind', 'municipality_oktmo'] };
  readonly key = keyOf('inn', ORGANIZATION_INN, (inn) => `ИНН ${inn}`);

  constructor(private readonly organizations: OrganizationCommands) {}

  async run({ cells }: CsvRow, region: string, caller: CommandContext): Promise<RowResult> {
    const checked = await validated(
      RegisterOrganizationRequest,
      fields,
      cells,
      {
        organizationId: directoryId('organization', region, cells['inn']!),
        region,
        municipalityId: directoryId('municipality', region, cells['municipality_oktmo']!),
        name: cells['name'],
        kind: codeOf(ORGANIZATION_KINDS, cells['kind']!),
        inn: cells['inn'],
      },
      municipalityReference(cells),
    );
    if ('problems' in checked) return checked.problems;
    return refusalsAsProblems(cells, region, () =>
      upsert(
        () => this.organizations.register(checked.request, caller),
        () => this.organizations.update(checked.request, caller),
        'organization-already-registered',
      ),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { PROVIDER_KINDS } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowResult } from '@pk/service-runtime';
import { PROVIDER_INN } from '../api/directory.dto';
import { OWNERSHIP, RegisterProviderRequest } from '../api/provider.dto';
import { ProviderCommands } from '../application/provider.commands';
import { directoryId } from '../domain/directory-id';
import {
  codeOf,
  type Field,
  keyOf,
  OWNERSHIP_NAMES,
  pick,
  refusalsAsProblems,
  textReason,
  unknownCode,
  upsert,
  validated,
} from './import-rows';

const fields: Record<string, Field> = {
  name: { column: 'name', explain: textReason },
  kind: { column: 'kind', explain: unknownCode('вид организатора', PROVIDER_KINDS) },
  ownership: { column: 'ownership', explain: unknownCode('форма собственности', OWNERSHIP_NAMES) },
  inn: {
    column: 'inn',
    explain: (cell) =>
      `ИНН "${cell}" должен состоять из 10 цифр (организация) или 12 (индивидуальный предприниматель)`,
  },
};

/** Course providers by ИНН: `inn;name;kind;ownership`. */
@Injectable()
export class ProviderImport implements ImportFormat {
  readonly kind = 'providers';
  readonly columns = { required: ['inn', 'name', 'kind', 'ownership'] };
  readonly key = keyOf('inn', PROVIDER_INN, (inn) => `ИНН ${inn}`);

  constructor(private readonly providers: ProviderCommands) {}

  async run({ cells }: CsvRow, region: string, caller: CommandContext): Promise<RowResult> {
    const checked = await validated(RegisterProviderRequest, fields, cells, {
      providerId: directoryId('provider', region, cells['inn']!),
      region,
      name: cells['name'],
      inn: cells['inn'],
      ownership: codeOf(pick(OWNERSHIP_NAMES, OWNERSHIP), cells['ownership']!),
      kind: codeOf(PROVIDER_KINDS, cells['kind']!),
    });
    if ('problems' in checked) return checked.problems;
    return refusalsAsProblems(cells, region, () =>
      upsert(
        () => this.providers.register(checked.request, caller),
        () => this.providers.update(checked.request, caller),
        'provider-already-registered',
      ),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { MUNICIPALITY_KINDS } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowResult } from '@pk/service-runtime';
import { OKTMO } from '../api/directory.dto';
import { RegisterMunicipalityRequest } from '../api/municipality.dto';
import { MunicipalityCommands } from '../application/municipality.commands';
import { directoryId } from '../domain/directory-id';
import {
  codeOf,
  type Field,
  keyOf,
  refusalsAsProblems,
  textReason,
  unknownCode,
  upsert,
  validated,
} from './import-rows';

const fields: Record<string, Field> = {
  name: { column: 'name', explain: textReason },
  kind: { column: 'kind', explain: unknownCode('вид муниципалитета', MUNICIPALITY_KINDS) },
  oktmo: { column: 'oktmo', explain: (cell) => `ОКТМО "${cell}" должен состоять из 8 цифр` },
};

/** Municipalities by ОКТМО: `oktmo;name;kind`. */
@Injectable()
export class MunicipalityImport implements ImportFormat {
  readonly kind = 'municipalities';
  readonly columns = { required: ['oktmo', 'name', 'kind'] };
  readonly key = keyOf('oktmo', OKTMO, (oktmo) => `ОКТМО ${oktmo}`);

  constructor(private readonly municipalities: MunicipalityCommands) {}

  async run({ cells }: CsvRow, region: string, caller: CommandContext): Promise<RowResult> {
    const checked = await validated(RegisterMunicipalityRequest, fields, cells, {
      municipalityId: directoryId('municipality', region, cells['oktmo']!),
      region,
      name: cells['name'],
      kind: codeOf(MUNICIPALITY_KINDS, cells['kind']!),
      oktmo: cells['oktmo'],
    });
    if ('problems' in checked) return checked.problems;
    return refusalsAsProblems(cells, region, () =>
      upsert(
        () => this.municipalities.register(checked.request, caller),
        () => this.municipalities.update(checked.request, caller),
        'municipality-already-registered',
      ),
    );
  }
}

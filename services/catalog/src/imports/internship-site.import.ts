import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowResult } from '@pk/service-runtime';
import { ORGANIZATION_INN } from '../api/directory.dto';
import { RegisterInternshipSiteRequest } from '../api/internship-site.dto';
import { InternshipSiteCommands } from '../application/internship-site.commands';
import { directoryId } from '../domain/directory-id';
import {
  type Field,
  keyOf,
  municipalityReference,
  periodsOf,
  programIdsOf,
  refusalsAsProblems,
  textReason,
  upsert,
  validated,
} from './import-rows';

const fields: Record<string, Field> = {
  name: { column: 'name', explain: textReason },
  profile: { column: 'profile', explain: textReason },
  inn: { column: 'inn', explain: (cell) => `ИНН "${cell}" должен состоять из 10 цифр` },
  programIds: {
    column: 'programs',
    explain: (_cell, message) =>
      /unique/.test(message)
        ? 'программа названа дважды'
        : /200/.test(message)
          ? 'программ больше 200'
          : message,
  },
  periods: {
    column: 'periods',
    explain: (_cell, message) =>
      /places must not be (greater|less)/.test(message)
        ? 'число мест в периоде должно быть от 1 до 10000'
        : /50/.test(message)
          ? 'периодов больше 50'
          : message,
  },
};

/** Internship sites by ИНН: `inn;name;municipality_oktmo;profile` and optionally `programs;periods`. */
@Injectable()
export class InternshipSiteImport implements ImportFormat {
  readonly kind = 'internship-sites';
  readonly columns = {
    required: ['inn', 'name', 'municipality_oktmo', 'profile'],
    optional: ['programs', 'periods'],
  };
  readonly key = keyOf('inn', ORGANIZATION_INN, (inn) => `ИНН ${inn}`);

  constructor(private readonly sites: InternshipSiteCommands) {}

  async run({ cells }: CsvRow, region: string, caller: CommandContext): Promise<RowResult> {
    const programs = programIdsOf(region, cells['programs'] ?? '');
    const periods = periodsOf(cells['periods'] ?? '');
    const checked = await validated(
      RegisterInternshipSiteRequest,
      fields,
      cells,
      {
        siteId: directoryId('internship-site', region, cells['inn']!),
        region,
        municipalityId: directoryId('municipality', region, cells['municipality_oktmo']!),
        name: cells['name'],
        inn: cells['inn'],
        profile: cells['profile'],
        programIds: programs.ids,
        periods: periods.periods,
      },
      [...municipalityReference(cells), ...programs.problems, ...periods.problems],
    );
    if ('problems' in checked) return checked.problems;
    return refusalsAsProblems(cells, region, () =>
      upsert(
        () => this.sites.register(checked.request, caller),
        () => this.sites.update(checked.request, caller),
        'internship-site-already-registered',
      ),
    );
  }
}

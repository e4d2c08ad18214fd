import { Injectable } from '@nestjs/common';
import { ORGANIZATION_KINDS, POSITIONS, SUBJECTS } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowProblem, RowResult } from '@pk/service-runtime';
import { PROVIDER_INN } from '../api/directory.dto';
import { DraftProgramRequest } from '../api/program.dto';
import { ProgramCommands } from '../application/program.commands';
import { directoryId } from '../domain/directory-id';
import {
  codeOf,
  codesOf,
  COMPETENCIES,
  type Field,
  FORMAT_NAMES,
  integerOf,
  listReason,
  outcomeOf,
  PROGRAM_KIND_NAMES,
  refusalsAsProblems,
  textReason,
  unknownCode,
  validated,
  yesNoOf,
  yesNoReason,
} from './import-rows';

const fields: Record<string, Field> = {
  title: { column: 'title', explain: textReason },
  annotation: { column: 'annotation', explain: textReason },
  kind: { column: 'kind', explain: unknownCode('вид программы', PROGRAM_KIND_NAMES) },
  hours: {
    column: 'hours',
    explain: (cell) => `число часов "${cell}" должно быть целым числом от 1 до 2000`,
  },
  format: { column: 'format', explain: unknownCode('форма обучения', FORMAT_NAMES) },
  targetPositions: { column: 'target_positions', explain: listReason('должности', POSITIONS) },
  organizationTypes: {
    column: 'organization_types',
    explain: listReason('виды организаций', ORGANIZATION_KINDS),
  },
  subjects: { column: 'subjects', explain: listReason('предметы', SUBJECTS) },
  workProfile: { column: 'work_profile', explain: textReason },
  competencies: { column: 'competencies', explain: listReason('компетенции', COMPETENCIES) },
  voucherEligible: { column: 'voucher_eligible', explain: yesNoReason },
  employerAssessment: { column: 'employer_assessment', explain: yesNoReason },
  practiceShare: {
    column: 'practice_share',
    explain: (cell) => `доля практики "${cell}" должна быть целым числом процентов от 0 до 100`,
  },
};

/**
 * Programs as drafts of their providers, keyed by the provider's ИНН and the program's own code:
 * `provider_inn;code;title;kind;hours;format;practice_share` and optionally the rest of the card.
 */
@Injectable()
export class ProgramImport implements ImportFormat {
  readonly kind = 'programs';
  readonly columns = {
    required: ['provider_inn', 'code', 'title', 'kind', 'hours', 'format', 'practice_share'],
    optional: [
      'annotation',
      'target_positions',
      'organization_types',
      'subjects',
      'work_profile',
      'competencies',
      'voucher_eligible',
      'employer_assessment',
    ],
  };

  constructor(private readonly programs: ProgramCommands) {}

  key(row: CsvRow) {
    const inn = row.cells['provider_inn']!;
    const code = row.cells['code']!;
    if (!PROVIDER_INN.test(inn) || code === '') return undefined;
    return {
      value: `${inn}/${code}`,
      column: 'code',
      label: `программа с кодом "${code}" организатора с ИНН ${inn}`,
    };
  }

  async run({ cells }: CsvRow, region: string, caller: CommandContext): Promise<RowResult> {
    const inn = cells['provider_inn']!;
    const code = cells['code']!;
    const own: RowProblem[] = [];
    if (!PROVIDER_INN.test(inn)) {
      own.push({
        column: 'provider_inn',
        reason: `ИНН организатора "${inn}" должен состоять из 10 или 12 цифр`,
      });
    }
    if (!/^[\p{L}\p{N}._-]{1,100}$/u.test(code)) {
      own.push({
        column: 'code',
        reason: `код программы "${code}" должен быть от 1 до 100 букв, цифр, точек, дефисов или подчёркиваний`,
      });
    }
    const checked = await validated(
      DraftProgramRequest,
      fields,
      cells,
      {
        programId: directoryId('program', region, `${inn}/${code}`),
        region,
        title: cells['title'],
        annotation: cells['annotation'] ?? '',
        kind: codeOf(PROGRAM_KIND_NAMES, cells['kind']!),
        hours: integerOf(cells['hours']!),
        format: codeOf(FORMAT_NAMES, cells['format']!),
        targetPositions: codesOf(POSITIONS, cells['target_positions']),
        organizationTypes: codesOf(ORGANIZATION_KINDS, cells['organization_types']),
        subjects: codesOf(SUBJECTS, cells['subjects']),
        workProfile: cells['work_profile'] ?? '',
        competencies: codesOf(COMPETENCIES, cells['competencies']),
        voucherEligible: yesNoOf(cells['voucher_eligible']),
        employerAssessment: yesNoOf(cells['employer_assessment']),
        practiceShare: integerOf(cells['practice_share']!),
      },
      own,
    );
    if ('problems' in checked) return checked.problems;
    const providerId = directoryId('provider', region, inn);
    return refusalsAsProblems(cells, region, async () =>
      outcomeOf(await this.programs.draft({ ...checked.request, providerId }, caller)),
    );
  }
}

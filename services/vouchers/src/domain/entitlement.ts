import {
  type BlockKind,
  type CostPerHour,
  type OrganizationKind,
  ORGANIZATION_KINDS,
  type Position,
  POSITIONS,
  type ProgramApprovedV1,
  type VoucherBlock,
  type VoucherCategory,
} from '@pk/contracts';
import { DomainError } from '@pk/kernel';

// The rules of seed 000, «Актуальная структура ИОЧ», as pure functions: who gets which voucher, and
// which program a block may be spent on.

/** Hours of each block type (seed 000): a variable block is 36 hours, the internship block 54. */
export const BLOCK_HOURS: Readonly<Record<BlockKind, number>> = { variable: 36, internship: 54 };

/** The positions of a vocational college (СПО) the seed names, and their category. */
const COLLEGE_POSITIONS: Partial<Readonly<Record<Position, VoucherCategory>>> = {
  'general-subject-lecturer': '72-hours',
  'special-discipline-lecturer': '90-hours',
  'industrial-training-master': '90-hours',
};

/**
 * Positions that exist only in a vocational college: the seed names them for СПО, so one recorded at a
 * school, a preschool or an УДОД is a record to correct, not a voucher to guess.
 */
const COLLEGE_ONLY: readonly Position[] = Object.keys(COLLEGE_POSITIONS) as Position[];

/** A voucher's category, or the reason the seed gives none (a `DomainError` to refuse the issue with). */
export function categoryOf(position: Position, kind: OrganizationKind): VoucherCategory | DomainError {
  if (kind === 'vocational-college') {
    return (
      COLLEGE_POSITIONS[position] ??
      new DomainError(
        'position-without-voucher',
        `должность «${POSITIONS[position]}» в профессиональной образовательной организации (СПО) не входит в структуру ИОЧ: чек положен преподавателям общеобразовательных и специальных дисциплин и мастерам производственного обучения`,
      )
    );
  }
  // «работники ДОУ, ОУ, УДОД»: every pedagogical worker of a school, a preschool or an УДОД
  if (COLLEGE_ONLY.includes(position)) {
    return new DomainError(
      'position-without-voucher',
      `должность «${POSITIONS[position]}» относится к СПО, а педагог числится в организации вида «${ORGANIZATION_KINDS[kind]}»: исправьте должность или организацию в реестре педагогов`,
    );
  }
  return '72-hours';
}

/**
 * The positions that get no voucher in each kind of organization (for the docs and the specs): the
 * seed names none of them for that kind.
 */
export function positionsWithoutVoucher(kind: OrganizationKind): Position[] {
  return (Object.keys(POSITIONS) as Position[]).filter((p) => categoryOf(p, kind) instanceof DomainError);
}

/**
 * A category's blocks. In a 72-hour voucher one of the two variable blocks must go to a program of the
 * subject taught or the work profile: the rule spans both (`matchesProfile`), and a reservation that
 * would leave neither able to satisfy it is refused (`subjectRuleHolds`).
 */
export function blocksOf(category: VoucherCategory): VoucherBlock[] {
  return category === '72-hours'
    ? [
        { block: 1, kind: 'variable', hours: BLOCK_HOURS.variable, matchesProfile: true },
        { block: 2, kind: 'variable', hours: BLOCK_HOURS.variable, matchesProfile: true },
      ]
    : [
        { block: 1, kind: 'variable', hours: BLOCK_HOURS.variable, matchesProfile: false },
        { block: 2, kind: 'internship', hours: BLOCK_HOURS.internship, matchesProfile: false },
      ];
}

/** What a block is worth at a tariff, in roubles. */
export const valueOf = (block: Pick<VoucherBlock, 'kind' | 'hours'>, tariff: CostPerHour) =>
  block.hours * tariff[block.kind];

/** The program facts a reservation is decided on: catalog's approved card, and whether it is in the register. */
export type ProgramFacts = Pick<
  ProgramApprovedV1,
  | 'programId'
  | 'providerId'
  | 'region'
  | 'kind'
  | 'hours'
  | 'format'
  | 'targetPositions'
  | 'organizationTypes'
  | 'subjects'
  | 'workProfile'
  | 'voucherEligible'
> & { readonly inRegister: boolean };

/** The block type a program fits, or why it fits none (seed 000: 36-hour variable, 54-hour internship). */
export function blockKindFor(program: ProgramFacts): BlockKind | DomainError {
  if (program.kind !== 'advanced-training') {
    return new DomainError(
      'program-not-advanced-training',
      'ИОЧ оплачивает только программы повышения квалификации, а эта программа — профессиональная переподготовка',
    );
  }
  if (program.format === 'internship') {
    return program.hours === BLOCK_HOURS.internship
      ? 'internship'
      : new DomainError(
          'program-does-not-fit-block',
          `стажировка в ${program.hours} ч не подходит ни к одному блоку: блок стажировки — ${BLOCK_HOURS.internship} ч`,
        );
  }
  return program.hours === BLOCK_HOURS.variable
    ? 'variable'
    : new DomainError(
        'program-does-not-fit-block',
        `программа в ${program.hours} ч не подходит ни к одному блоку: вариативный блок — ${BLOCK_HOURS.variable} ч, блок стажировки — стажировка в ${BLOCK_HOURS.internship} ч`,
      );
}

/** Whether a program matches the subject taught or the work profile (seed 000's subject rule). */
export function matchesProfile(
  program: Pick<ProgramFacts, 'subjects' | 'workProfile'>,
  teacher: { readonly subjects: readonly string[]; readonly workProfile: string },
): boolean {
  if (program.subjects.some((s) => teacher.subjects.includes(s))) return true;
  const profile = (text: string) => text.trim().toLocaleLowerCase('ru');
  return profile(program.workProfile) !== '' && profile(program.workProfile) === profile(teacher.workProfile);
}

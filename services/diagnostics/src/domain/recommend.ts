import type {
  CompetencyCode,
  OrganizationKind,
  Position,
  ProgramKind,
  TrajectoryItemKind,
} from '@pk/contracts';

/** What the recommendation knows of an approved program of the register (catalog's card). */
export interface ProgramCard {
  readonly programId: string;
  readonly region: string;
  readonly title: string;
  readonly kind: ProgramKind;
  readonly hours: number;
  readonly competencies: readonly CompetencyCode[];
  readonly targetPositions: readonly Position[];
  readonly organizationTypes: readonly OrganizationKind[];
  readonly voucherEligible: boolean;
}

/** The teacher as the recommendation sees it: open deficits, and where it works when known. */
export interface TeacherNeeds {
  readonly deficits: readonly CompetencyCode[];
  readonly position: Position | null;
  readonly organizationKind: OrganizationKind | null;
}

export interface RankedProgram {
  readonly program: ProgramCard;
  /** The teacher's deficits the program works on, in the order of the teacher's deficits. */
  readonly covers: readonly CompetencyCode[];
  /** How well the teacher can pay for the program with a voucher; higher is better (see voucherFit). */
  readonly voucherFit: number;
}

export type ActivityKind = Exclude<TrajectoryItemKind, 'program'>;

export interface ProposedActivity {
  readonly kind: ActivityKind;
  readonly title: string;
  readonly competencies: readonly CompetencyCode[];
}

/** The runner-up programs for one deficit: those the proposal did not take, best first. */
export interface DeficitAlternatives {
  readonly competency: CompetencyCode;
  readonly programs: readonly RankedProgram[];
}

export interface Recommendation {
  /**
   * Every approved program the teacher can take (forTeacher) that covers at least one deficit,
   * best first.
   */
  readonly ranked: readonly RankedProgram[];
  /**
   * The programs a proposal takes: walking the ranking, a program is taken when it covers a deficit
   * no program taken before covers, so each deficit a program can cover is covered once and by the
   * best-ranked program that does.
   */
  readonly chosen: readonly RankedProgram[];
  /** Deficits no approved program covers, each worked on by an activity that is not a course. */
  readonly activities: readonly ProposedActivity[];
  /**
   * For each deficit some program covers, in the order of the teacher's deficits: the ranked
   * programs covering it that were not chosen, best first, at most MAX_ALTERNATIVES of them.
   */
  readonly alternatives: readonly DeficitAlternatives[];
}

/** How many runner-up programs a teacher is shown per deficit. */
export const MAX_ALTERNATIVES = 3;

/** A variable voucher block (вариативный блок): the usual short course. */
export const VARIABLE_BLOCK_HOURS = 36;
/** An internship block (блок стажировки), for masters of industrial training and special disciplines. */
export const INTERNSHIP_BLOCK_HOURS = 54;

/**
 * Positions whose voucher is one variable block and one internship block (36 + 54 = 90 hours);
 * every other position's voucher is two variable blocks (2 × 36 = 72 hours). DOMAIN.md, voucher rules.
 */
const INTERNSHIP_POSITIONS: readonly Position[] = [
  'industrial-training-master',
  'special-discipline-lecturer',
];

/**
 * The durations a voucher of the teacher's position pays in whole blocks: a block, or the voucher's
 * blocks together. Other durations leave part of a block unused or need a top-up.
 */
export function blockHoursFor(position: Position | null): readonly number[] {
  if (position !== null && INTERNSHIP_POSITIONS.includes(position)) {
    return [VARIABLE_BLOCK_HOURS, INTERNSHIP_BLOCK_HOURS, VARIABLE_BLOCK_HOURS + INTERNSHIP_BLOCK_HOURS];
  }
  return [VARIABLE_BLOCK_HOURS, 2 * VARIABLE_BLOCK_HOURS];
}

/**
 * Whether the teacher can take the program at all: it targets the teacher's position and the kind of
 * the teacher's organization. A program that names no positions (or no kinds) was approved before
 * they were recorded (upcast) and is not held to them; a teacher's organization kind the catalog's
 * directory does not know (null) is not held against any program — the position still decides.
 */
export function forTeacher(program: ProgramCard, teacher: TeacherNeeds): boolean {
  const position =
    program.targetPositions.length === 0 ||
    (teacher.position !== null && program.targetPositions.includes(teacher.position));
  const organization =
    program.organizationTypes.length === 0 ||
    teacher.organizationKind === null ||
    program.organizationTypes.includes(teacher.organizationKind);
  return position && organization;
}

/**
 * What the teacher can pay for, as one number whose bits rank the rules in order of weight, so
 * comparing the numbers compares the rules one after the other:
 * - 2: the program is voucher-eligible — a voucher pays for nothing else, so this decides first;
 * - 1: its hours are whole blocks of the teacher's voucher (blockHoursFor).
 * Position and organization kind are not ranked: a program not for them is never proposed (forTeacher).
 */
export function voucherFit(program: ProgramCard, teacher: TeacherNeeds): number {
  const eligible = program.voucherEligible ? 2 : 0;
  const blocks = blockHoursFor(teacher.position).includes(program.hours) ? 1 : 0;
  return eligible + blocks;
}

/** Titles compare as Russian readers sort them; the program id settles equal titles for a stable order. */
const byTitle = (a: ProgramCard, b: ProgramCard) =>
  a.title.localeCompare(b.title, 'ru') ||
  (a.programId < b.programId ? -1 : a.programId > b.programId ? 1 : 0);

/**
 * The activity that works on a deficit no course covers. The rule: a competency grown by doing is
 * given the activity that exercises it —
 * - R/05 (наставничество) → mentoring: the teacher joins a mentoring pair and learns to mentor;
 * - R/06 (оценка образовательных результатов) → expert work: checking work in a subject or expert
 *   commission (ВПР, ОГЭ, региональные оценочные процедуры);
 * - R/03 (цифровые компетенции) and R/04 (одарённые дети) → a professional contest, whose tasks
 *   exercise exactly these;
 * - A/02.6 (воспитание) and A/03.6 (развитие) → presenting one's practice to the methodological
 *   association, whose colleagues review it;
 * - any other competency → mentoring by a colleague who has it, the default of the region's
 *   «педагог–педагог» mentoring.
 * Deficits that map to the same kind share one activity.
 */
export const ACTIVITY_FOR: Readonly<Partial<Record<CompetencyCode, ActivityKind>>> = {
  'R/05': 'mentoring',
  'R/06': 'expert-work',
  'R/03': 'contest',
  'R/04': 'contest',
  'A/02.6': 'practice-presentation',
  'A/03.6': 'practice-presentation',
};

export const ACTIVITY_TITLES: Readonly<Record<ActivityKind, string>> = {
  mentoring: 'Наставничество «педагог–педагог»',
  contest: 'Участие в конкурсе профессионального мастерства',
  'practice-presentation': 'Представление собственной практики на методическом объединении',
  'expert-work': 'Работа в составе предметной (экспертной) комиссии',
};

/** Activities in a fixed order, so the same needs always give the same proposal. */
const ACTIVITY_ORDER: readonly ActivityKind[] = [
  'mentoring',
  'practice-presentation',
  'contest',
  'expert-work',
];

/**
 * Ranks the approved programs the teacher can take (forTeacher) for its open deficits: by how many of
 * its deficits a program covers (most first), then by what the teacher can pay for (voucherFit, best
 * first), then by title. Programs not for the teacher's position or kind of organization, and those
 * covering none of its deficits, are left out; deficits no program covers get activities
 * (ACTIVITY_FOR); each covered deficit gets its runner-up programs.
 * Pure: the same needs and programs give the same recommendation.
 */
export function recommend(teacher: TeacherNeeds, programs: readonly ProgramCard[]): Recommendation {
  const deficits = [...new Set(teacher.deficits)];
  const seen = new Set<string>();
  const ranked: RankedProgram[] = [];
  for (const program of programs) {
    if (seen.has(program.programId)) continue; // a program found through two of its competencies
    seen.add(program.programId);
    if (!forTeacher(program, teacher)) continue;
    const covers = deficits.filter((d) => program.competencies.includes(d));
    if (covers.length > 0) ranked.push({ program, covers, voucherFit: voucherFit(program, teacher) });
  }
  ranked.sort(
    (a, b) =>
      b.covers.length - a.covers.length || b.voucherFit - a.voucherFit || byTitle(a.program, b.program),
  );

  const covered = new Set<CompetencyCode>();
  const chosen: RankedProgram[] = [];
  for (const candidate of ranked) {
    if (candidate.covers.some((d) => !covered.has(d))) {
      chosen.push(candidate);
      for (const d of candidate.covers) covered.add(d);
    }
  }

  const uncovered = deficits.filter((d) => !covered.has(d));
  const activities = ACTIVITY_ORDER.map((kind) => ({
    kind,
    title: ACTIVITY_TITLES[kind],
    competencies: uncovered.filter((d) => (ACTIVITY_FOR[d] ?? 'mentoring') === kind),
  })).filter((activity) => activity.competencies.length > 0);

  return {
    ranked,
    chosen,
    activities,
    alternatives: alternativesOf(
      deficits,
      ranked,
      chosen.map((c) => c.program.programId),
    ),
  };
}

/**
 * The runner-ups of each covered deficit: the ranked programs covering it that are not taken (by the
 * proposal, or in the trajectory as the teacher edited it), in the ranking's order. A program taken
 * for another deficit is not a runner-up: it is in the trajectory already.
 */
export function alternativesOf(
  deficits: readonly CompetencyCode[],
  ranked: readonly RankedProgram[],
  taken: readonly string[],
): DeficitAlternatives[] {
  const takenIds = new Set(taken);
  return deficits
    .filter((d) => ranked.some((r) => r.covers.includes(d)))
    .map((competency) => ({
      competency,
      programs: ranked
        .filter((r) => r.covers.includes(competency) && !takenIds.has(r.program.programId))
        .slice(0, MAX_ALTERNATIVES),
    }));
}

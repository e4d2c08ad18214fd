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
  /** How well the program fits a voucher for this teacher; higher is better (see voucherFit). */
  readonly voucherFit: number;
}

export type ActivityKind = Exclude<TrajectoryItemKind, 'program'>;

export interface ProposedActivity {
  readonly kind: ActivityKind;
  readonly title: string;
  readonly competencies: readonly CompetencyCode[];
}

export interface Recommendation {
  /** Every approved program that covers at least one deficit, best first. */
  readonly ranked: readonly RankedProgram[];
  /**
   * The programs a proposal takes: walking the ranking, a program is taken when it covers a deficit
   * no program taken before covers, so each deficit a program can cover is covered once and by the
   * best-ranked program that does.
   */
  readonly chosen: readonly RankedProgram[];
  /** Deficits no approved program covers, each worked on by an activity that is not a course. */
  readonly activities: readonly ProposedActivity[];
}

/**
 * Hours a voucher pays in whole blocks: a voucher block is 36 hours (the usual short course), and 72
 * hours is two blocks. Other durations leave part of a block unused or need a top-up.
 */
export const VOUCHER_BLOCK_HOURS: readonly number[] = [36, 72];

/**
 * The voucher fit of a program for a teacher, as one number whose bits rank the rules in order of
 * weight, so comparing the numbers compares the rules one after the other:
 * - 8: the program is voucher-eligible — a voucher pays for nothing else, so this decides first;
 * - 4: it targets the teacher's position — a voucher is issued for the position the teacher holds;
 * - 2: it targets the kind of the teacher's organization (school, preschool…);
 * - 1: its hours are whole voucher blocks (36 or 72).
 * A fact not known (no position, no organization kind) gives no program the bit, so it ranks none.
 */
export function voucherFit(program: ProgramCard, teacher: TeacherNeeds): number {
  const eligible = program.voucherEligible ? 8 : 0;
  const position = teacher.position !== null && program.targetPositions.includes(teacher.position) ? 4 : 0;
  const organization =
    teacher.organizationKind !== null && program.organizationTypes.includes(teacher.organizationKind) ? 2 : 0;
  const blocks = VOUCHER_BLOCK_HOURS.includes(program.hours) ? 1 : 0;
  return eligible + position + organization + blocks;
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
 * Ranks the approved programs for a teacher's open deficits: by how many of its deficits a program
 * covers (most first), then by voucher fit (best first), then by title. Programs that cover none of
 * its deficits are left out; deficits no program covers get activities (ACTIVITY_FOR).
 * Pure: the same needs and programs give the same recommendation.
 */
export function recommend(teacher: TeacherNeeds, programs: readonly ProgramCard[]): Recommendation {
  const deficits = [...new Set(teacher.deficits)];
  const seen = new Set<string>();
  const ranked: RankedProgram[] = [];
  for (const program of programs) {
    if (seen.has(program.programId)) continue; // a program found through two of its competencies
    seen.add(program.programId);
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

  return { ranked, chosen, activities };
}

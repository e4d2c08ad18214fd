// The Samara indicators of goal 1, «Обеспеченность персонификации повышения квалификации»
// (seed 000, «Цели мониторинга системы ПК в разрезе показателей»). Each indicator is defined here
// and nowhere else: its Russian title, what its numerator and denominator count, and — for a share of
// teachers — the predicate over one teacher's year that decides whether the teacher is counted.
// The same predicates count a hand-written case (`samaraIndicators`) and the projection's per-partition
// records (samara-counts), so the fast path cannot drift from the definition. Everything here is pure.

/** A deficit found in a competency of a teacher in a year (teacher-development `deficits`). */
export interface DeficitFact {
  readonly teacherId: string;
  readonly competency: string;
  readonly year: number;
}

/** A trajectory (ИОМ) proposed to a teacher for a year (teacher-development `trajectories`). */
export interface TrajectoryFact {
  readonly teacherId: string;
  readonly year: number;
}

/** A course completed with the document (teacher-development `outcomes`, outcome completed). */
export interface CompletionFact {
  readonly teacherId: string;
  readonly programId: string;
  readonly kind: 'advanced-training' | 'retraining';
  readonly year: number;
}

/** A qualification category awarded in a year (teacher-development `categoryAwards`). */
export interface CategoryAwardFact {
  readonly teacherId: string;
  readonly year: number;
}

/** What the indicators of one scope are computed from. */
export interface SamaraFacts {
  /** Teachers of the scope in the register today: the denominator of every teacher share. */
  readonly teachers: number;
  /** The scope's deficits, of every year up to the one asked (a course may answer an older one). */
  readonly deficits: readonly DeficitFact[];
  readonly trajectories: readonly TrajectoryFact[];
  readonly completions: readonly CompletionFact[];
  readonly categoryAwards: readonly CategoryAwardFact[];
  /** The competencies each program of the region develops (its latest revision), by programId. */
  readonly programCompetencies: ReadonlyMap<string, readonly string[]>;
  /** Competencies at least one approved program of the region (status approved today) develops. */
  readonly approvedCompetencies: ReadonlySet<string>;
}

/** The programs of the region, as the indicators read them. */
export type RegionPrograms = Pick<SamaraFacts, 'programCompetencies' | 'approvedCompetencies'>;

/**
 * One teacher's year in a scope, as the teacher shares read it: what the scope's facts say of the
 * teacher in that year. Each teacher numerator is a predicate over this record, so the same
 * definition counts a hand-written case (`countsOf`) and the projection's precomputed records.
 */
export interface TeacherYear {
  /** Competencies in which a deficit was found in the year. */
  readonly deficitsFound: ReadonlySet<string>;
  /** Competencies in which a deficit was found in the year or before. */
  readonly deficitsSoFar: ReadonlySet<string>;
  readonly trajectory: boolean;
  readonly categoryAwarded: boolean;
  /** Courses completed in the year. */
  readonly completions: readonly Pick<CompletionFact, 'programId' | 'kind'>[];
}

/**
 * Which facts a teacher predicate reads: a single kind of fact whose events follow one stream per
 * teacher (or per teacher and year) is counted by the projection inside one Kafka partition;
 * `courses` joins completions (enrollment's streams) with the teacher's deficits (diagnostics'),
 * which no partition holds together, so the query joins the partitions' records.
 */
export type FactsRead = 'deficits' | 'trajectory' | 'category' | 'courses';

type Numerator =
  | {
      /** What is counted, in Russian. */
      readonly title: string;
      readonly unit: 'teacher';
      readonly reads: FactsRead;
      readonly holds: (teacher: TeacherYear, programs: RegionPrograms) => boolean;
    }
  | {
      readonly title: string;
      /** A competency in which a deficit was found in the scope in the year. */
      readonly unit: 'deficit-competency';
      readonly holds: (competency: string, programs: RegionPrograms) => boolean;
    };

interface Denominator {
  readonly title: string;
  /** `register`: the scope's teachers in the register; `deficit-competencies`: of the year. */
  readonly counts: 'register' | 'deficit-competencies';
}

export interface SamaraIndicatorDefinition {
  readonly id: string;
  /** As the seed words it. */
  readonly title: string;
  readonly numerator: Numerator;
  readonly denominator: Denominator;
  /** Why the value is missing when the denominator is empty, in Russian. */
  readonly noDataReason: string;
  /** What the definition cannot see yet, in Russian; empty when nothing. */
  readonly caveat: string;
}

const TEACHERS: Denominator = { title: 'Педагоги территории в реестре', counts: 'register' };
const NO_TEACHERS = 'нет педагогов территории в реестре: долю не из чего считать';

export const SAMARA_GOAL_1: readonly SamaraIndicatorDefinition[] = [
  {
    id: 'teachers-with-deficits',
    title: 'Доля педагогов, испытывающих затруднения по дефицитным компетенциям (% снижения)',
    numerator: {
      title: 'Педагоги, у которых за год выявлен хотя бы один профессиональный дефицит',
      unit: 'teacher',
      reads: 'deficits',
      holds: (teacher) => teacher.deficitsFound.size > 0,
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat: '',
  },
  {
    id: 'deficit-competencies-covered',
    title: 'Доля дефицитных профессиональных компетенций, обеспеченных программами ПК',
    numerator: {
      title: 'Дефицитные компетенции года, которые развивает хотя бы одна одобренная программа региона',
      unit: 'deficit-competency',
      holds: (competency, programs) => programs.approvedCompetencies.has(competency),
    },
    denominator: {
      title: 'Компетенции, по которым за год у педагогов территории выявлен дефицит',
      counts: 'deficit-competencies',
    },
    noDataReason: 'за год дефицитов не выявлено: покрывать нечего',
    caveat: 'Одобренность программ берётся на сегодня, а не на конец года.',
  },
  {
    id: 'teachers-trained-on-deficits',
    title: 'Доля педагогов, обученных по программам ПК, ориентированным на профессиональные дефициты',
    numerator: {
      title:
        'Педагоги, завершившие за год курс программы, развивающей компетенцию, по которой у них выявлен дефицит в этом году или раньше',
      unit: 'teacher',
      reads: 'courses',
      // the course answered a deficit of their own
      holds: (teacher, programs) =>
        teacher.completions.some((completion) =>
          (programs.programCompetencies.get(completion.programId) ?? []).some((competency) =>
            teacher.deficitsSoFar.has(competency),
          ),
        ),
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat: '',
  },
  {
    id: 'teachers-with-trajectories',
    title:
      'Доля педагогов, получивших рекомендации по формированию индивидуальных траекторий профессионального развития',
    numerator: {
      title: 'Педагоги, которым предложен индивидуальный образовательный маршрут на год',
      unit: 'teacher',
      reads: 'trajectory',
      holds: (teacher) => teacher.trajectory,
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat: '',
  },
  {
    id: 'teachers-raised-category',
    title: 'Доля педагогов, повысивших квалификационную категорию',
    numerator: {
      title: 'Педагоги, которым за год присвоена первая или высшая категория',
      unit: 'teacher',
      reads: 'category',
      holds: (teacher) => teacher.categoryAwarded,
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat:
      'Событие несёт только текущую категорию и дату её присвоения: подтверждение той же категории считается как повышение, а понижение не видно.',
  },
  {
    id: 'teachers-retrained',
    title:
      'Доля педагогов, прошедших переподготовку по образовательным программам педагогической направленности',
    numerator: {
      title: 'Педагоги, завершившие за год программу профессиональной переподготовки',
      unit: 'teacher',
      // completions only, but a teacher's completions follow many streams (one per group): the
      // query joins them per teacher, so a teacher with two is one
      reads: 'courses',
      holds: (teacher) => teacher.completions.some((completion) => completion.kind === 'retraining'),
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat:
      'Педагогическая направленность программы в событиях не указана: считаются все программы переподготовки реестра (все они для педагогов).',
  },
];

/** What one scope's year adds up to: every count the definitions divide. */
export interface ScopeYearCounts {
  /** Teachers of the scope in the register today. */
  readonly teachers: number;
  /** Competencies in which a deficit was found in the scope in the year. */
  readonly deficitCompetencies: ReadonlySet<string>;
  /** Per teacher-numerator indicator id: the scope's teachers its predicate holds of in the year. */
  readonly teachersWhere: Readonly<Record<string, number>>;
}

const EMPTY: ReadonlySet<string> = new Set();

/** An empty teacher year, for a record built of one kind of fact (the projection's partitions). */
export const noTeacherYear: TeacherYear = {
  deficitsFound: EMPTY,
  deficitsSoFar: EMPTY,
  trajectory: false,
  categoryAwarded: false,
  completions: [],
};

/** The teacher numerators that read a kind of fact. */
export const teacherNumeratorsReading = (reads: FactsRead) =>
  SAMARA_GOAL_1.flatMap((definition) =>
    definition.numerator.unit === 'teacher' && definition.numerator.reads === reads
      ? [{ id: definition.id, holds: definition.numerator.holds }]
      : [],
  );

/** A scope's teacher years from its facts, each teacher once: the records the predicates read. */
export function teacherYearsOf(facts: SamaraFacts, year: number): TeacherYear[] {
  const teachers = new Map<
    string,
    {
      deficitsFound: Set<string>;
      deficitsSoFar: Set<string>;
      trajectory: boolean;
      categoryAwarded: boolean;
      completions: Pick<CompletionFact, 'programId' | 'kind'>[];
    }
  >();
  const of = (teacherId: string) => {
    let teacher = teachers.get(teacherId);
    if (!teacher)
      teachers.set(
        teacherId,
        (teacher = {
          deficitsFound: new Set(),
          deficitsSoFar: new Set(),
          trajectory: false,
          categoryAwarded: false,
          completions: [],
        }),
      );
    return teacher;
  };
  for (const deficit of facts.deficits) {
    if (deficit.year > year) continue;
    const teacher = of(deficit.teacherId);
    teacher.deficitsSoFar.add(deficit.competency);
    if (deficit.year === year) teacher.deficitsFound.add(deficit.competency);
  }
  for (const trajectory of facts.trajectories)
    if (trajectory.year === year) of(trajectory.teacherId).trajectory = true;
  for (const award of facts.categoryAwards)
    if (award.year === year) of(award.teacherId).categoryAwarded = true;
  for (const { teacherId, programId, kind, year: completed } of facts.completions)
    if (completed === year) of(teacherId).completions.push({ programId, kind });
  return [...teachers.values()];
}

/** The counts of one scope's year, from its facts: every definition applied to every teacher year. */
export function countsOf(facts: SamaraFacts, year: number): ScopeYearCounts {
  const teacherYears = teacherYearsOf(facts, year);
  const teachersWhere: Record<string, number> = {};
  for (const definition of SAMARA_GOAL_1) {
    const numerator = definition.numerator;
    if (numerator.unit !== 'teacher') continue;
    teachersWhere[definition.id] = teacherYears.filter((teacher) => numerator.holds(teacher, facts)).length;
  }
  return {
    teachers: facts.teachers,
    deficitCompetencies: new Set(
      facts.deficits.filter((deficit) => deficit.year === year).map((deficit) => deficit.competency),
    ),
    teachersWhere,
  };
}

export interface IndicatorValue {
  readonly numerator: number;
  readonly denominator: number;
  /** Percent, one decimal; null when the denominator is empty. */
  readonly percent: number | null;
  /** Why there is no value, in Russian; null when there is one. */
  readonly noData: string | null;
}

export interface SamaraIndicator {
  readonly id: string;
  readonly title: string;
  readonly numeratorTitle: string;
  readonly denominatorTitle: string;
  readonly caveat: string;
  readonly year: number;
  readonly current: IndicatorValue;
  readonly previous: IndicatorValue;
  /** Percentage points since last year; null unless both years have a value. */
  readonly change: number | null;
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

export function valueOf(
  definition: SamaraIndicatorDefinition,
  counts: ScopeYearCounts,
  programs: RegionPrograms,
): IndicatorValue {
  const numerator = definition.numerator;
  const counted =
    numerator.unit === 'teacher'
      ? (counts.teachersWhere[definition.id] ?? 0)
      : [...counts.deficitCompetencies].filter((competency) => numerator.holds(competency, programs)).length;
  const denominator =
    definition.denominator.counts === 'register' ? counts.teachers : counts.deficitCompetencies.size;
  // an empty denominator is "no data", never 0 % and never NaN
  if (denominator === 0)
    return { numerator: counted, denominator, percent: null, noData: definition.noDataReason };
  return {
    numerator: counted,
    denominator,
    percent: oneDecimal((100 * counted) / denominator),
    noData: null,
  };
}

/** Every goal-1 indicator of one scope from the counts of its year and the year before. */
export function indicatorsFrom(
  current: ScopeYearCounts,
  previous: ScopeYearCounts,
  programs: RegionPrograms,
  year: number,
): SamaraIndicator[] {
  return SAMARA_GOAL_1.map((definition) => {
    const now = valueOf(definition, current, programs);
    const before = valueOf(definition, previous, programs);
    // from the exact shares, not the rounded percents, so the change is not off by a rounding
    const change =
      now.percent === null || before.percent === null
        ? null
        : oneDecimal(100 * (now.numerator / now.denominator - before.numerator / before.denominator));
    return {
      id: definition.id,
      title: definition.title,
      numeratorTitle: definition.numerator.title,
      denominatorTitle: definition.denominator.title,
      caveat: definition.caveat,
      year,
      current: now,
      previous: before,
      change,
    };
  });
}

/** Every goal-1 indicator of one scope for the year, with last year's value and the change. */
export function samaraIndicators(facts: SamaraFacts, year: number): SamaraIndicator[] {
  return indicatorsFrom(countsOf(facts, year), countsOf(facts, year - 1), facts, year);
}

// The Samara indicators of goal 1, «Обеспеченность персонификации повышения квалификации»
// (seed 000, «Цели мониторинга системы ПК в разрезе показателей»). Each indicator is defined here
// and nowhere else: its Russian title, what its numerator and denominator count, and over which
// facts of the read models. The queries gather the facts of a scope (a municipality or the region)
// and a year; everything below is pure, so a case computed by hand tests it without servers.

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

interface Count {
  /** What is counted, in Russian. */
  readonly title: string;
  readonly count: (facts: SamaraFacts, year: number) => number;
}

export interface SamaraIndicatorDefinition {
  readonly id: string;
  /** As the seed words it. */
  readonly title: string;
  readonly numerator: Count;
  readonly denominator: Count;
  /** Why the value is missing when the denominator is empty, in Russian. */
  readonly noDataReason: string;
  /** What the definition cannot see yet, in Russian; empty when nothing. */
  readonly caveat: string;
}

const distinct = <T>(items: readonly T[], key: (item: T) => string): number => new Set(items.map(key)).size;
const ofYear = <T extends { readonly year: number }>(items: readonly T[], year: number): T[] =>
  items.filter((item) => item.year === year);

/** The deficit competencies found in the scope in the year. */
const deficitCompetenciesOf = (facts: SamaraFacts, year: number): Set<string> =>
  new Set(ofYear(facts.deficits, year).map((deficit) => deficit.competency));

/**
 * Teachers who in the year completed a course of a program developing a competency in which they
 * had a deficit found that year or before: the course answered a deficit of their own.
 */
function teachersTrainedOnTheirDeficits(facts: SamaraFacts, year: number): number {
  const deficitsOf = new Map<string, Set<string>>();
  for (const { teacherId, competency, year: found } of facts.deficits) {
    if (found > year) continue;
    deficitsOf.set(teacherId, (deficitsOf.get(teacherId) ?? new Set()).add(competency));
  }
  const trained = ofYear(facts.completions, year).filter((completion) =>
    (facts.programCompetencies.get(completion.programId) ?? []).some((competency) =>
      deficitsOf.get(completion.teacherId)?.has(competency),
    ),
  );
  return distinct(trained, (completion) => completion.teacherId);
}

const TEACHERS: Count = {
  title: 'Педагоги территории в реестре',
  count: (facts) => facts.teachers,
};
const NO_TEACHERS = 'нет педагогов территории в реестре: долю не из чего считать';

export const SAMARA_GOAL_1: readonly SamaraIndicatorDefinition[] = [
  {
    id: 'teachers-with-deficits',
    title: 'Доля педагогов, испытывающих затруднения по дефицитным компетенциям (% снижения)',
    numerator: {
      title: 'Педагоги, у которых за год выявлен хотя бы один профессиональный дефицит',
      count: (facts, year) => distinct(ofYear(facts.deficits, year), (deficit) => deficit.teacherId),
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
      count: (facts, year) =>
        [...deficitCompetenciesOf(facts, year)].filter((competency) =>
          facts.approvedCompetencies.has(competency),
        ).length,
    },
    denominator: {
      title: 'Компетенции, по которым за год у педагогов территории выявлен дефицит',
      count: (facts, year) => deficitCompetenciesOf(facts, year).size,
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
      count: teachersTrainedOnTheirDeficits,
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
      count: (facts, year) =>
        distinct(ofYear(facts.trajectories, year), (trajectory) => trajectory.teacherId),
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
      count: (facts, year) => distinct(ofYear(facts.categoryAwards, year), (award) => award.teacherId),
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
      count: (facts, year) =>
        distinct(
          ofYear(facts.completions, year).filter((completion) => completion.kind === 'retraining'),
          (completion) => completion.teacherId,
        ),
    },
    denominator: TEACHERS,
    noDataReason: NO_TEACHERS,
    caveat:
      'Педагогическая направленность программы в событиях не указана: считаются все программы переподготовки реестра (все они для педагогов).',
  },
];

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
  facts: SamaraFacts,
  year: number,
): IndicatorValue {
  const numerator = definition.numerator.count(facts, year);
  const denominator = definition.denominator.count(facts, year);
  // an empty denominator is "no data", never 0 % and never NaN
  if (denominator === 0) return { numerator, denominator, percent: null, noData: definition.noDataReason };
  return { numerator, denominator, percent: oneDecimal((100 * numerator) / denominator), noData: null };
}

/** Every goal-1 indicator of one scope for the year, with last year's value and the change. */
export function samaraIndicators(facts: SamaraFacts, year: number): SamaraIndicator[] {
  return SAMARA_GOAL_1.map((definition) => {
    const current = valueOf(definition, facts, year);
    const previous = valueOf(definition, facts, year - 1);
    // from the exact shares, not the rounded percents, so the change is not off by a rounding
    const change =
      current.percent === null || previous.percent === null
        ? null
        : oneDecimal(
            100 * (current.numerator / current.denominator - previous.numerator / previous.denominator),
          );
    return {
      id: definition.id,
      title: definition.title,
      numeratorTitle: definition.numerator.title,
      denominatorTitle: definition.denominator.title,
      caveat: definition.caveat,
      year,
      current,
      previous,
      change,
    };
  });
}

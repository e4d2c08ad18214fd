// The indicators of goals 2–4 of seed 000 («Цели мониторинга системы ПК»), which the seed names
// without listing indicators; DOMAIN.md («Monitoring indicators») proposes what to count. Each is
// defined here and nowhere else: its Russian title, what its numerator and denominator count, and
// the function that computes its value from one scope's year of counts (`GoalYear`). The projection
// (goal-counts) only adds facts up into a `GoalYear`; the hand-computed case (goals.spec.ts) and the
// HTTP answer go through the same functions. Everything here is pure.

/** What the goal indicators of one scope (a municipality or the region) read, for one year. */
export interface GoalYear {
  /** Expertise decisions on a program's first submitted revision, and how many approved it (region). */
  readonly firstReviews: { readonly decided: number; readonly approved: number };
  /** Days from a review case's opening to its decision, one entry per decision timed (region). */
  readonly reviewDays: readonly number[];
  /** Courses completed with the document; of them, on internship programs and on programs employers assess. */
  readonly completions: {
    readonly all: number;
    readonly internship: number;
    readonly employerAssessed: number;
  };
  /** Learners' ratings (anonymous: region); `sum` adds each rating's mean of its four criteria. */
  readonly feedback: { readonly ratings: number; readonly sum: number; readonly high: number };
  /** Voucher money redeemed in the year, roubles per provider. */
  readonly voucherMoney: Readonly<Record<string, number>>;
  /** Teachers of the register today; of them, diagnosed on their own in the year (outside a campaign). */
  readonly teachers: number;
  readonly selfDiagnosed: number;
  /** Teachers proposed an ИОМ for the year, and of them those who accepted it. */
  readonly trajectoriesProposed: number;
  readonly trajectoriesAccepted: number;
  /** Vouchers of the year's cycle issued, and of them those with at least one block reserved. */
  readonly vouchersIssued: number;
  readonly vouchersApplied: number;
  /** Active experts of the region's pool (region; the pool is the region's, not a municipality's). */
  readonly experts: number;
}

export const emptyGoalYear = (): GoalYear => ({
  firstReviews: { decided: 0, approved: 0 },
  reviewDays: [],
  completions: { all: 0, internship: 0, employerAssessed: 0 },
  feedback: { ratings: 0, sum: 0, high: 0 },
  voucherMoney: {},
  teachers: 0,
  selfDiagnosed: 0,
  trajectoriesProposed: 0,
  trajectoriesAccepted: 0,
  vouchersIssued: 0,
  vouchersApplied: 0,
  experts: 0,
});

/**
 * How a value reads: `percent` a share (numerator / denominator × 100), `per-100` a rate per 100 of
 * the denominator, `mean` and `median` of the denominator's items, `count` a number (the denominator
 * is unused, 0), `hhi` the Herfindahl–Hirschman index (sum of squared market shares in percent,
 * 0–10 000).
 */
export type GoalUnit = 'percent' | 'per-100' | 'mean' | 'median' | 'count' | 'hhi';

export interface GoalValue {
  readonly numerator: number;
  readonly denominator: number;
  /** The value in the unit, one decimal (two for a mean rating); null when there is no data. */
  readonly value: number | null;
  /** Why there is no value, in Russian; null when there is one. */
  readonly noData: string | null;
}

export interface GoalDefinition {
  readonly id: string;
  readonly goal: 2 | 3 | 4;
  /** As a ministry would word it. */
  readonly title: string;
  readonly unit: GoalUnit;
  readonly numeratorTitle: string;
  readonly denominatorTitle: string;
  /**
   * True when no event names a place for its facts (programs, experts, anonymous ratings): the value
   * is the region's for a municipality too, and the answer says so.
   */
  readonly regionWide: boolean;
  /** What it means, or what the events cannot see, in Russian; empty when nothing. */
  readonly note: string;
  readonly compute: (year: GoalYear) => GoalValue;
}

export const GOAL_TITLES: Record<2 | 3 | 4, string> = {
  2: 'Цель 2. Обеспеченность качества, в том числе практикоориентированности программ ПК',
  3: 'Цель 3. Конкурентность среды в ПК',
  4: 'Цель 4. Сформированность проактивной позиции педагогов',
};

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
const twoDecimals = (value: number): number => Math.round(value * 100) / 100;

/** A share: an empty denominator is no data, never 0 % and never NaN. */
const share = (numerator: number, denominator: number, noData: string): GoalValue =>
  denominator === 0
    ? { numerator, denominator, value: null, noData }
    : { numerator, denominator, value: oneDecimal((100 * numerator) / denominator), noData: null };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const money = (year: GoalYear) => Object.values(year.voucherMoney).filter((amount) => amount > 0);
const NO_MONEY = 'за год по сертификатам (ИОЧ) ничего не оплачено: долей рынка нет';

export const GOALS_2_4: readonly GoalDefinition[] = [
  {
    id: 'programs-approved-first-review',
    goal: 2,
    title: 'Доля программ ПК, одобренных экспертным советом с первого представления',
    unit: 'percent',
    numeratorTitle: 'Решения экспертизы по первой редакции программы — «одобрено»',
    denominatorTitle: 'Решения экспертизы за год по первой редакции программы',
    regionWide: true,
    note: 'Программы принадлежат региону, а не муниципалитету.',
    compute: (y) =>
      share(
        y.firstReviews.approved,
        y.firstReviews.decided,
        'за год нет решений по первой редакции программ',
      ),
  },
  {
    id: 'review-days-mean',
    goal: 2,
    title: 'Средний срок экспертизы программы ПК, дней',
    unit: 'mean',
    numeratorTitle: 'Сумма дней от открытия экспертизы до решения',
    denominatorTitle: 'Решения экспертизы за год',
    regionWide: true,
    note: '',
    compute: (y) => {
      const total = y.reviewDays.reduce((sum, days) => sum + days, 0);
      return y.reviewDays.length === 0
        ? { numerator: 0, denominator: 0, value: null, noData: 'за год нет решений экспертизы' }
        : {
            numerator: oneDecimal(total),
            denominator: y.reviewDays.length,
            value: oneDecimal(total / y.reviewDays.length),
            noData: null,
          };
    },
  },
  {
    id: 'review-days-median',
    goal: 2,
    title: 'Медианный срок экспертизы программы ПК, дней',
    unit: 'median',
    numeratorTitle: 'Срок экспертизы, дней: половина решений принята не позже',
    denominatorTitle: 'Решения экспертизы за год',
    regionWide: true,
    note: 'Медиана не зависит от единичных затянувшихся экспертиз, в отличие от среднего.',
    compute: (y) =>
      y.reviewDays.length === 0
        ? { numerator: 0, denominator: 0, value: null, noData: 'за год нет решений экспертизы' }
        : {
            numerator: oneDecimal(median(y.reviewDays)),
            denominator: y.reviewDays.length,
            value: oneDecimal(median(y.reviewDays)),
            noData: null,
          },
  },
  {
    id: 'completions-internship',
    goal: 2,
    title: 'Доля педагогов, освоивших программы ПК в форме стажировки',
    unit: 'percent',
    numeratorTitle: 'Курсы, завершённые за год с документом по программам в форме стажировки',
    denominatorTitle: 'Курсы, завершённые за год с документом',
    regionWide: false,
    note: 'Форма программы — по её последней одобренной редакции (ProgramApproved.format).',
    compute: (y) => share(y.completions.internship, y.completions.all, 'за год нет завершённых курсов'),
  },
  {
    id: 'completions-employer-assessed',
    goal: 2,
    title: 'Доля педагогов, освоивших программы ПК с участием работодателей в оценке результатов',
    unit: 'percent',
    numeratorTitle: 'Курсы, завершённые за год по программам с оценкой результатов работодателями',
    denominatorTitle: 'Курсы, завершённые за год с документом',
    regionWide: false,
    note: '',
    compute: (y) => share(y.completions.employerAssessed, y.completions.all, 'за год нет завершённых курсов'),
  },
  {
    id: 'feedback-mean',
    goal: 2,
    title: 'Средняя оценка программ ПК слушателями (1–5)',
    unit: 'mean',
    numeratorTitle:
      'Сумма оценок (каждая — среднее четырёх критериев: содержание, практикоориентированность, преподаватели, организация)',
    denominatorTitle: 'Анкеты обратной связи слушателей за год',
    regionWide: true,
    note: 'Анкеты анонимны и не называют муниципалитет.',
    compute: (y) =>
      y.feedback.ratings === 0
        ? { numerator: 0, denominator: 0, value: null, noData: 'за год нет анкет слушателей' }
        : {
            numerator: twoDecimals(y.feedback.sum),
            denominator: y.feedback.ratings,
            value: twoDecimals(y.feedback.sum / y.feedback.ratings),
            noData: null,
          },
  },
  {
    id: 'feedback-high',
    goal: 2,
    title: 'Доля слушателей, оценивших программу ПК на 4 и выше',
    unit: 'percent',
    numeratorTitle: 'Анкеты со средней оценкой по четырём критериям не ниже 4',
    denominatorTitle: 'Анкеты обратной связи слушателей за год',
    regionWide: true,
    note: 'Анкеты анонимны и не называют муниципалитет.',
    compute: (y) => share(y.feedback.high, y.feedback.ratings, 'за год нет анкет слушателей'),
  },
  {
    id: 'providers-serving-vouchers',
    goal: 3,
    title: 'Количество организаций ДПО, оказывающих услуги по ИОЧ (в динамике к прошлому году)',
    unit: 'count',
    numeratorTitle: 'Организации ДПО, которым за год оплачен хотя бы один блок сертификата',
    denominatorTitle: '—',
    regionWide: false,
    note: 'Изменение — разница с прошлым годом в организациях.',
    compute: (y) => ({ numerator: money(y).length, denominator: 0, value: money(y).length, noData: null }),
  },
  {
    id: 'largest-provider-share',
    goal: 3,
    title: 'Доля крупнейшей организации ДПО в средствах, оплаченных по ИОЧ',
    unit: 'percent',
    numeratorTitle: 'Оплачено по сертификатам за год организации с наибольшей суммой, руб.',
    denominatorTitle: 'Оплачено по сертификатам за год всего, руб.',
    regionWide: false,
    note: 'Чем ниже, тем конкурентнее среда.',
    compute: (y) => {
      const paid = money(y);
      return share(
        paid.reduce((largest, amount) => Math.max(largest, amount), 0),
        paid.reduce((sum, amount) => sum + amount, 0),
        NO_MONEY,
      );
    },
  },
  {
    id: 'voucher-market-hhi',
    goal: 3,
    title: 'Индекс концентрации рынка услуг по ИОЧ (Херфиндаля–Хиршмана)',
    unit: 'hhi',
    numeratorTitle: 'Сумма квадратов долей организаций ДПО в оплаченных средствах, в процентах',
    denominatorTitle: 'Оплачено по сертификатам за год всего, руб.',
    regionWide: false,
    note:
      'От 0 до 10 000: ниже 1 000 — рынок неконцентрированный, 1 000–1 800 — умеренно, выше 1 800 — ' +
      'высококонцентрированный (пороги ФАС России); 10 000 — одна организация получает всё.',
    compute: (y) => {
      const paid = money(y);
      const total = paid.reduce((sum, amount) => sum + amount, 0);
      if (total === 0) return { numerator: 0, denominator: 0, value: null, noData: NO_MONEY };
      // from the exact shares, rounded once at the end
      const index = paid.reduce((sum, amount) => sum + ((100 * amount) / total) ** 2, 0);
      return { numerator: oneDecimal(index), denominator: total, value: oneDecimal(index), noData: null };
    },
  },
  {
    id: 'teachers-self-diagnosed',
    goal: 4,
    title: 'Доля педагогов, прошедших диагностику профессиональных дефицитов по собственной инициативе',
    unit: 'percent',
    numeratorTitle: 'Педагоги, прошедшие за год диагностику вне кампании (AttemptScored без campaignId)',
    denominatorTitle: 'Педагоги территории в реестре',
    regionWide: false,
    note: '',
    compute: (y) =>
      share(y.selfDiagnosed, y.teachers, 'нет педагогов территории в реестре: долю не из чего считать'),
  },
  {
    id: 'trajectories-accepted',
    goal: 4,
    title: 'Доля педагогов, принявших предложенный индивидуальный образовательный маршрут (ИОМ)',
    unit: 'percent',
    numeratorTitle: 'Педагоги, принявшие ИОМ на год',
    denominatorTitle: 'Педагоги, которым предложен ИОМ на год',
    regionWide: false,
    note: '',
    compute: (y) => share(y.trajectoriesAccepted, y.trajectoriesProposed, 'за год ИОМ никому не предложен'),
  },
  {
    id: 'voucher-holders-applied',
    goal: 4,
    title: 'Доля владельцев ИОЧ, записавшихся на программу ПК',
    unit: 'percent',
    numeratorTitle: 'Сертификаты цикла года, по которым забронирован хотя бы один блок',
    denominatorTitle: 'Сертификаты (ИОЧ) цикла года, выданные педагогам',
    regionWide: false,
    note: '',
    compute: (y) => share(y.vouchersApplied, y.vouchersIssued, 'сертификаты цикла года не выдавались'),
  },
  {
    id: 'experts-per-100-teachers',
    goal: 4,
    title: 'Число экспертов программ ПК на 100 педагогов',
    unit: 'per-100',
    numeratorTitle: 'Действующие эксперты регионального пула',
    denominatorTitle: 'Педагоги региона в реестре',
    regionWide: true,
    note:
      'Пул экспертов — региональный; участие в конкурсах, наставничестве и профессиональных ' +
      'сообществах в событиях платформы не видно (см. README).',
    compute: (y) => share(y.experts, y.teachers, 'нет педагогов региона в реестре: долю не из чего считать'),
  },
];

export interface GoalIndicator {
  readonly id: string;
  readonly goal: 2 | 3 | 4;
  readonly title: string;
  readonly unit: GoalUnit;
  readonly numeratorTitle: string;
  readonly denominatorTitle: string;
  readonly regionWide: boolean;
  readonly note: string;
  readonly year: number;
  readonly current: GoalValue;
  readonly previous: GoalValue;
  /** This year's value less last year's (p.p. for a share); null unless both have a value. */
  readonly change: number | null;
}

/**
 * Every goal 2–4 indicator of one scope. `region` is the region's year, read by the indicators no
 * event places (`regionWide`); for the region itself it is the same as `scope`.
 */
export function goalIndicators(
  year: number,
  scope: { readonly current: GoalYear; readonly previous: GoalYear },
  region: { readonly current: GoalYear; readonly previous: GoalYear } = scope,
): GoalIndicator[] {
  return GOALS_2_4.map((definition) => {
    const source = definition.regionWide ? region : scope;
    const now = definition.compute(source.current);
    const before = definition.compute(source.previous);
    const change = now.value === null || before.value === null ? null : changeOf(definition, now, before);
    return {
      id: definition.id,
      goal: definition.goal,
      title: definition.title,
      unit: definition.unit,
      numeratorTitle: definition.numeratorTitle,
      denominatorTitle: definition.denominatorTitle,
      regionWide: definition.regionWide,
      note: definition.note,
      year,
      current: now,
      previous: before,
      change,
    };
  });
}

function changeOf(definition: GoalDefinition, now: GoalValue, before: GoalValue): number {
  // a share's change from the exact shares, not the rounded percents, so no rounding is doubled
  if (definition.unit === 'percent' || definition.unit === 'per-100')
    return oneDecimal(100 * (now.numerator / now.denominator - before.numerator / before.denominator));
  const digits = definition.id === 'feedback-mean' ? twoDecimals : oneDecimal;
  return digits(now.value! - before.value!);
}

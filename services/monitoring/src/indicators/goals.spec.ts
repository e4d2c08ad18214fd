import { emptyGoalYear, type GoalIndicator, goalIndicators, type GoalYear, GOALS_2_4 } from './goals';

// A region's two years computed by hand; each definition is checked on it, with last year and the
// change, and on an empty year (no data, never 0 and never NaN).
const current: GoalYear = {
  // 5 first-revision decisions, 3 approved: 3 / 5 = 60 %
  firstReviews: { decided: 5, approved: 3 },
  // mean (10 + 4 + 31 + 7) / 4 = 13; median of 4, 7, 10, 31 = (7 + 10) / 2 = 8.5
  reviewDays: [10, 4, 31, 7],
  // 8 completions, 2 on internships (25 %), 3 employer-assessed (37.5 %)
  completions: { all: 8, internship: 2, employerAssessed: 3 },
  // 3 ratings with means 4.5, 3.25, 4: (4.5 + 3.25 + 4) / 3 = 11.75 / 3 = 3.9166… → 3.92; 2 of 3 ≥ 4
  feedback: { ratings: 3, sum: 11.75, high: 2 },
  // 60 000 + 30 000 + 10 000 = 100 000: shares 60, 30, 10 %; HHI 3 600 + 900 + 100 = 4 600
  voucherMoney: { alpha: 60_000, beta: 30_000, gamma: 10_000 },
  // 40 teachers, 6 self-diagnosed: 15 %
  teachers: 40,
  selfDiagnosed: 6,
  // 12 proposed, 9 accepted: 75 %
  trajectoriesProposed: 12,
  trajectoriesAccepted: 9,
  // 20 vouchers, 13 with a reservation: 65 %
  vouchersIssued: 20,
  vouchersApplied: 13,
  // 2 experts per 40 teachers = 5 per 100
  experts: 2,
};
const previous: GoalYear = {
  ...emptyGoalYear(),
  // 1 of 4 approved at first: 25 %; change 60 − 25 = +35 p.p.
  firstReviews: { decided: 4, approved: 1 },
  // mean 20, median 20: change −7 and −11.5
  reviewDays: [20],
  // one provider paid everything: 1 provider, 100 %, HHI 10 000
  voucherMoney: { alpha: 50_000 },
  // 40 teachers, 2 self-diagnosed: 5 %; change +10 p.p.
  teachers: 40,
  selfDiagnosed: 2,
  experts: 1,
};

const byId = (indicators: GoalIndicator[]) =>
  Object.fromEntries(indicators.map((indicator) => [indicator.id, indicator]));

describe('goals 2–4 on a case computed by hand', () => {
  const goals = byId(goalIndicators(2026, { current, previous }));

  it('goal 2: expertise outcomes and their duration', () => {
    expect(goals['programs-approved-first-review']).toMatchObject({
      goal: 2,
      regionWide: true,
      current: { numerator: 3, denominator: 5, value: 60, noData: null },
      previous: { numerator: 1, denominator: 4, value: 25 },
      change: 35,
    });
    expect(goals['review-days-mean']).toMatchObject({
      current: { numerator: 52, denominator: 4, value: 13 },
      previous: { value: 20 },
      change: -7,
    });
    expect(goals['review-days-median']).toMatchObject({
      current: { denominator: 4, value: 8.5 },
      change: -11.5,
    });
  });

  it("goal 2: practice orientation and learners' ratings; no completions last year is no data", () => {
    expect(goals['completions-internship']).toMatchObject({
      regionWide: false,
      current: { numerator: 2, denominator: 8, value: 25 },
      previous: { numerator: 0, denominator: 0, value: null, noData: 'за год нет завершённых курсов' },
      change: null,
    });
    expect(goals['completions-employer-assessed']!.current.value).toBe(37.5);
    expect(goals['feedback-mean']!.current).toEqual({
      numerator: 11.75,
      denominator: 3,
      value: 3.92,
      noData: null,
    });
    // 2 / 3 = 66.66… → 66.7
    expect(goals['feedback-high']!.current).toMatchObject({ numerator: 2, denominator: 3, value: 66.7 });
    expect(goals['feedback-high']!.previous.value).toBeNull();
  });

  it('goal 3: providers serving vouchers, the largest share and the concentration index', () => {
    expect(goals['providers-serving-vouchers']).toMatchObject({
      current: { value: 3 },
      previous: { value: 1 },
      change: 2,
    });
    expect(goals['largest-provider-share']).toMatchObject({
      current: { numerator: 60_000, denominator: 100_000, value: 60 },
      previous: { value: 100 },
      change: -40,
    });
    expect(goals['voucher-market-hhi']).toMatchObject({
      current: { value: 4_600 },
      previous: { value: 10_000 },
      change: -5_400,
    });
  });

  it('goal 4: proactive position of teachers', () => {
    expect(goals['teachers-self-diagnosed']).toMatchObject({
      current: { numerator: 6, denominator: 40, value: 15 },
      previous: { value: 5 },
      change: 10,
    });
    expect(goals['trajectories-accepted']!.current.value).toBe(75);
    expect(goals['voucher-holders-applied']!.current.value).toBe(65);
    // 2 / 40 × 100 = 5; last year 1 / 40 × 100 = 2.5
    expect(goals['experts-per-100-teachers']).toMatchObject({
      regionWide: true,
      current: { value: 5 },
      previous: { value: 2.5 },
      change: 2.5,
    });
  });

  it('an empty year has no value for any share or mean, and no NaN anywhere', () => {
    const empty = goalIndicators(2026, { current: emptyGoalYear(), previous: emptyGoalYear() });
    for (const indicator of empty) {
      expect(Number.isNaN(indicator.current.value)).toBe(false);
      if (indicator.unit === 'count') expect(indicator.current.value).toBe(0);
      else {
        expect(indicator.current.value).toBeNull();
        expect(indicator.current.noData).toEqual(expect.any(String));
      }
    }
    expect(empty).toHaveLength(GOALS_2_4.length);
  });

  it('a municipality reads the region-wide indicators from the region and its own from itself', () => {
    const municipality = {
      current: { ...emptyGoalYear(), completions: { all: 4, internship: 1, employerAssessed: 0 } },
      previous: emptyGoalYear(),
    };
    const goalsOfMunicipality = byId(goalIndicators(2026, municipality, { current, previous }));
    // its own: 1 / 4 = 25 %; the region's first-review share: 60 %
    expect(goalsOfMunicipality['completions-internship']!.current).toMatchObject({
      denominator: 4,
      value: 25,
    });
    expect(goalsOfMunicipality['programs-approved-first-review']!.current.value).toBe(60);
    expect(goalsOfMunicipality['teachers-self-diagnosed']!.current.value).toBeNull();
  });
});

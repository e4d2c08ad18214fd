import { type SamaraFacts, samaraIndicators, SAMARA_GOAL_1 } from './samara';

// One municipality of four teachers (A, B, C, D), computed by hand for 2026 against 2025.
//
// Deficits: A — R/01 and A/01.6 in 2026; B — R/01 in 2025; C — B/04.6 in 2026.
// Approved programs of the region develop R/01 and A/02.6.
// Programs: P1 develops R/01, P2 B/05.6, P3 (retraining) A/01.6, P4 B/04.6.
// Completions: 2025 — B of P1, C of P4; 2026 — A of P2, A of P3, B of P1, C of P1, D of P3.
// Trajectories: C in 2025; A and C in 2026. Categories: D awarded one in 2026.
const facts: SamaraFacts = {
  teachers: 4,
  deficits: [
    { teacherId: 'A', competency: 'R/01', year: 2026 },
    { teacherId: 'A', competency: 'A/01.6', year: 2026 },
    { teacherId: 'B', competency: 'R/01', year: 2025 },
    { teacherId: 'C', competency: 'B/04.6', year: 2026 },
  ],
  trajectories: [
    { teacherId: 'C', year: 2025 },
    { teacherId: 'A', year: 2026 },
    { teacherId: 'C', year: 2026 },
  ],
  completions: [
    { teacherId: 'B', programId: 'P1', kind: 'advanced-training', year: 2025 },
    { teacherId: 'C', programId: 'P4', kind: 'advanced-training', year: 2025 },
    { teacherId: 'A', programId: 'P2', kind: 'advanced-training', year: 2026 },
    { teacherId: 'A', programId: 'P3', kind: 'retraining', year: 2026 },
    { teacherId: 'B', programId: 'P1', kind: 'advanced-training', year: 2026 },
    { teacherId: 'C', programId: 'P1', kind: 'advanced-training', year: 2026 },
    { teacherId: 'D', programId: 'P3', kind: 'retraining', year: 2026 },
  ],
  categoryAwards: [{ teacherId: 'D', year: 2026 }],
  programCompetencies: new Map([
    ['P1', ['R/01']],
    ['P2', ['B/05.6']],
    ['P3', ['A/01.6']],
    ['P4', ['B/04.6']],
  ]),
  approvedCompetencies: new Set(['R/01', 'A/02.6']),
};

const byId = (all: ReturnType<typeof samaraIndicators>) =>
  new Map(all.map((indicator) => [indicator.id, indicator]));
const percent = (numerator: number, denominator: number) => Math.round((1000 * numerator) / denominator) / 10;

describe('Samara indicators of goal 1', () => {
  const indicators = byId(samaraIndicators(facts, 2026));

  it('teachers with deficits: A and C of four in 2026, B alone in 2025', () => {
    expect(indicators.get('teachers-with-deficits')).toMatchObject({
      current: { numerator: 2, denominator: 4, percent: 50, noData: null },
      previous: { numerator: 1, denominator: 4, percent: 25 },
      change: 25,
    });
  });

  it('deficit competencies covered: of R/01, A/01.6 and B/04.6 only R/01 has an approved program', () => {
    expect(indicators.get('deficit-competencies-covered')).toMatchObject({
      current: { numerator: 1, denominator: 3, percent: percent(1, 3) }, // 33.3
      previous: { numerator: 1, denominator: 1, percent: 100 }, // 2025: R/01 only, covered
      change: Math.round(10 * (100 / 3 - 100)) / 10, // −66.7, from the exact shares
    });
  });

  it('trained on their deficits: A (P3 for A/01.6) and B (P1 for last year’s R/01), not C (P1 misses B/04.6), not D', () => {
    expect(indicators.get('teachers-trained-on-deficits')).toMatchObject({
      current: { numerator: 2, denominator: 4, percent: 50 },
      // 2025: B of P1 answered R/01 found that year; C's P4 came before C's deficit was found
      previous: { numerator: 1, denominator: 4, percent: 25 },
      change: 25,
    });
  });

  it('trajectories: A and C in 2026, C in 2025', () => {
    expect(indicators.get('teachers-with-trajectories')).toMatchObject({
      current: { numerator: 2, percent: 50 },
      previous: { numerator: 1, percent: 25 },
      change: 25,
    });
  });

  it('categories raised and retraining: D awarded a category; A and D completed P3, a retraining', () => {
    expect(indicators.get('teachers-raised-category')).toMatchObject({
      current: { numerator: 1, percent: 25 },
      previous: { numerator: 0, percent: 0 },
      change: 25,
    });
    expect(indicators.get('teachers-retrained')).toMatchObject({
      current: { numerator: 2, percent: 50 },
      previous: { numerator: 0, percent: 0 },
      change: 50,
    });
  });

  it('says "no data" with a reason when a denominator is empty, never 0 % or NaN, and gives no change', () => {
    const empty: SamaraFacts = {
      ...facts,
      teachers: 0,
      deficits: [],
    };
    for (const indicator of samaraIndicators(empty, 2026)) {
      expect(indicator.current.percent).toBeNull();
      expect(indicator.current.noData).toEqual(expect.any(String));
      expect(indicator.change).toBeNull();
    }
  });

  it('defines each indicator once, with a Russian title for it and for both its counts', () => {
    const ids = SAMARA_GOAL_1.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const definition of SAMARA_GOAL_1) {
      expect(definition.title).toMatch(/^Доля/);
      expect(definition.numerator.title).toMatch(/[а-я]/);
      expect(definition.denominator.title).toMatch(/[а-я]/);
    }
  });
});

import {
  type ImpactCompletion,
  type ImpactOutcome,
  type ImpactScore,
  impactOf,
  outcomeOf,
  shareOf,
  TOO_FEW_TEACHERS,
} from './impact';

// Evidence of impact on a case computed by hand. Program P (competencies R/01 and A/01.6) and
// program Q (B/02), both of provider V; P completed on 10 March 2026.

const P = { programId: 'P', providerId: 'V', competencies: ['R/01', 'A/01.6'] };
const Q = { programId: 'Q', providerId: 'V', competencies: ['B/02'] };
const completedP = (teacherId: string, completedOn = '2026-03-10'): ImpactCompletion => ({
  teacherId,
  programId: 'P',
  providerId: 'V',
  completedOn,
});
const score = (teacherId: string, competency: string, observedOn: string, deficit: boolean): ImpactScore => ({
  teacherId,
  competency,
  observedOn,
  deficit,
});

const scores: ImpactScore[] = [
  // t1: a deficit in R/01 before, none at the next diagnostic → resolved
  score('t1', 'R/01', '2026-01-20', true),
  score('t1', 'R/01', '2026-05-01', false),
  // t2: still a deficit at the next diagnostic → persisted (later cleared, but the next one counts)
  score('t2', 'R/01', '2026-01-20', true),
  score('t2', 'R/01', '2026-05-01', true),
  score('t2', 'R/01', '2026-09-01', false),
  // t3: a deficit in A/01.6, not diagnosed again → awaiting
  score('t3', 'A/01.6', '2026-01-20', true),
  // t4: no deficit before the course → none
  score('t4', 'R/01', '2026-01-20', false),
  // t5: a deficit cleared before the course ended: the newest score before it decides → none
  score('t5', 'R/01', '2026-01-20', true),
  score('t5', 'R/01', '2026-02-01', false),
  score('t5', 'R/01', '2026-05-01', false),
  // t6: two deficits, one persisted and one resolved → resolved
  score('t6', 'R/01', '2026-01-20', true),
  score('t6', 'A/01.6', '2026-01-20', true),
  score('t6', 'R/01', '2026-05-01', true),
  score('t6', 'A/01.6', '2026-05-01', false),
  // t7: scored on the day the course ended: which came first is unknown → left out → awaiting
  score('t7', 'R/01', '2026-01-20', true),
  score('t7', 'R/01', '2026-03-10', false),
  // t8: a deficit in a competency P does not develop → none (for P); Q's: resolved after Q
  score('t8', 'B/02', '2026-01-20', true),
  score('t8', 'B/02', '2026-06-01', false),
];

describe('evidence of impact', () => {
  it('judges each completion by the newest score before it and the first after it', () => {
    const outcomes = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'].map((t) =>
      outcomeOf(completedP(t), P, scores),
    );
    expect(outcomes).toEqual<ImpactOutcome[]>([
      'resolved',
      'persisted',
      'awaiting',
      'none',
      'none',
      'resolved',
      'awaiting',
      'none',
    ]);
  });

  it('counts each teacher once per program and over the provider, with the denominator shown', () => {
    const completions = [
      ...['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'].map((t) => completedP(t)),
      // t2 again later: the deficit was found persisting on 1 May, cleared on 1 September → resolved
      completedP('t2', '2026-06-15'),
      { teacherId: 't8', programId: 'Q', providerId: 'V', completedOn: '2026-04-01' },
      // a program not asked for is not counted
      { teacherId: 't9', programId: 'X', providerId: 'W', completedOn: '2026-04-01' },
    ];
    const { total, programs } = impactOf(completions, [P, Q], scores);
    const [ofP, ofQ] = programs;
    // P: 8 teachers; with a deficit t1 t2 t3 t6 t7 = 5; awaiting t3 t7 = 2; denominator t1 t2 t6 = 3,
    // all resolved (t2 by its second completion) = 3; 3 < 5 → too few to say
    expect(ofP).toMatchObject({
      programId: 'P',
      providerId: 'V',
      completers: 8,
      withDeficit: 5,
      awaiting: 2,
      denominator: 3,
      numerator: 3,
      percent: null,
    });
    expect(ofP!.tooFew).toMatch(/^слишком мало педагогов/);
    // Q: t8 only, resolved
    expect(ofQ).toMatchObject({ completers: 1, withDeficit: 1, denominator: 1, numerator: 1, percent: null });
    // V over both: t1..t8 once each; t8 is resolved by Q → denominator 4 (t1 t2 t6 t8), numerator 4
    expect(total).toMatchObject({ completers: 8, withDeficit: 6, awaiting: 2, denominator: 4, numerator: 4 });
    expect(total.percent).toBeNull();
  });

  it(`gives a share from ${TOO_FEW_TEACHERS} teachers with an outcome, never for fewer`, () => {
    const four: ImpactOutcome[] = ['resolved', 'resolved', 'persisted', 'persisted', 'awaiting', 'none'];
    expect(shareOf(four)).toMatchObject({ denominator: 4, numerator: 2, percent: null });
    expect(shareOf(four).tooFew).toContain('прошли 4, нужно не менее 5');
    // 4 of 6 resolved: 4 / 6 = 66.66… % → 66.7
    const six: ImpactOutcome[] = [...four, 'resolved', 'resolved'];
    expect(shareOf(six)).toEqual({
      completers: 8,
      withDeficit: 7,
      awaiting: 1,
      denominator: 6,
      numerator: 4,
      percent: 66.7,
      tooFew: null,
    });
    // exactly at the threshold: 1 of 5 = 20 %
    expect(shareOf(['resolved', 'persisted', 'persisted', 'persisted', 'persisted']).percent).toBe(20);
    // nobody: no value, not 0 % and not NaN
    expect(shareOf([])).toMatchObject({ denominator: 0, percent: null });
  });
});

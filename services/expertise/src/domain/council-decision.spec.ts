import { councilDecision, type Scorecard } from './council-decision';
import { CRITERIA_SETS } from './criteria-sets';

const set = CRITERIA_SETS[0]!;
/** A scorecard with the given scores, criterion by criterion in the set's order. */
const card = (scores: number[], comments: string[] = [], summary = ''): Scorecard => ({
  scores: set.criteria.map((c, i) => ({ criterion: c.id, score: scores[i]!, comment: comments[i] ?? '' })),
  summary,
});

describe('councilDecision', () => {
  it.each([
    // [scores of two scorecards, outcome, score]
    [
      [
        [3, 3, 2, 2, 2],
        [2, 2, 3, 3, 2],
      ],
      'approved',
      0.8,
    ], // 24/30: ≥ 0.75, weakest criterion 2
    [
      [
        [3, 2, 2, 2, 2],
        [3, 2, 2, 2, 2],
      ],
      'returned',
      0.7333,
    ], // 22/30 just below 0.75
    [
      [
        [3, 3, 3, 3, 1],
        [3, 3, 3, 3, 2],
      ],
      'returned',
      0.9,
    ], // share high, a criterion averages 1.5 < 2
    [
      [
        [3, 3, 3, 3, 0],
        [3, 3, 3, 3, 1],
      ],
      'rejected',
      0.8333,
    ], // a criterion averages 0.5: absent
    [
      [
        [3, 3, 3, 3, 1],
        [3, 3, 3, 3, 1],
      ],
      'returned',
      0.8667,
    ], // averaging exactly 1 is weak, not absent
    [
      [
        [2, 2, 1, 1, 1],
        [1, 2, 1, 2, 2],
      ],
      'returned',
      0.5,
    ], // exactly 0.5: not rejected
    [
      [
        [2, 2, 1, 1, 1],
        [1, 2, 1, 1, 2],
      ],
      'rejected',
      0.4667,
    ], // just below 0.5
  ] as const)('scores %j → %s (%d)', (cards, outcome, score) => {
    expect(
      councilDecision(
        set,
        cards.map((s) => card([...s])),
      ),
    ).toMatchObject({ outcome, score });
  });

  it('approves at a share of exactly 0.75', () => {
    // 45 of 60 points over four scorecards, no criterion below 2
    const cards = [
      card([3, 2, 2, 2, 2]),
      card([2, 3, 2, 2, 2]),
      card([2, 2, 3, 2, 2]),
      card([3, 3, 2, 2, 2]),
    ];
    expect(councilDecision(set, cards)).toMatchObject({ outcome: 'approved', score: 0.75 });
  });

  it('gathers non-empty comments named by criterion, then summaries, without repeats', () => {
    const decision = councilDecision(set, [
      card([3, 2, 2, 1, 3], ['', '', '', 'Нет критериев оценки итоговой работы'], 'Рекомендую к доработке.'),
      card([3, 2, 2, 1, 3], ['', '', '', 'Нет критериев оценки итоговой работы'], '  '),
    ]);
    expect(decision.comments).toEqual([
      'Оценочные материалы: Нет критериев оценки итоговой работы',
      'Рекомендую к доработке.',
    ]);
  });

  it("cuts a comment to the contract's 2000 characters", () => {
    const [comment] = councilDecision(set, [card([3, 3, 3, 3, 3], [], 'я'.repeat(5000))]).comments;
    expect([...comment!].length).toBe(2000);
  });
});

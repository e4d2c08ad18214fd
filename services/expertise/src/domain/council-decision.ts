import type { CriterionScore, ReviewOutcome } from '@pk/contracts';
import { type CriteriaSet, MAX_SCORE } from './criteria-sets';

export interface Scorecard {
  readonly scores: readonly CriterionScore[];
  readonly summary: string;
}

export interface CouncilDecision {
  readonly outcome: ReviewOutcome;
  /** Mean share of the maximum score across the scorecards, 0…1, rounded to 4 decimals. */
  readonly score: number;
  readonly comments: string[];
}

/** The share a program needs to be rejected below, approved at or above. */
export const REJECT_BELOW = 0.5;
export const APPROVE_FROM = 0.75;
/** A criterion averaging below 1 is "absent"; approval needs every criterion at 2 ("adequate"). */
export const ABSENT_BELOW = 1;
export const ADEQUATE_FROM = 2;

/** The contract's limits on ReviewDecided.comments. */
const MAX_COMMENTS = 100;
const MAX_COMMENT_LENGTH = 2000;

/**
 * The council's rule, turning the scorecards of a case into its outcome:
 *
 * - each scorecard's share = sum of its scores / (3 × number of criteria); `score` = the mean share;
 * - each criterion's average = the mean of its scores across the scorecards;
 * - **rejected** when the share is below 0.5, or any criterion averages below 1 (absent);
 * - **approved** when the share is at least 0.75 and no criterion averages below 2;
 * - **returned** for revision otherwise.
 *
 * `comments` are what the provider reads whatever the outcome: each non-empty criterion comment as
 * "<criterion name>: <comment>", then each non-empty summary, scorecard by scorecard, without
 * repeats, cut to the contract's 2000 characters and 100 comments. Pure: the same scorecards always
 * give the same decision.
 */
export function councilDecision(set: CriteriaSet, scorecards: readonly Scorecard[]): CouncilDecision {
  if (scorecards.length === 0) throw new Error('a council decision needs at least one scorecard');
  const scoreOf = (card: Scorecard, criterion: string) =>
    card.scores.find((s) => s.criterion === criterion)?.score ?? 0;
  const maximum = MAX_SCORE * set.criteria.length;
  const share =
    scorecards
      .map((card) => set.criteria.reduce((sum, c) => sum + scoreOf(card, c.id), 0) / maximum)
      .reduce((a, b) => a + b, 0) / scorecards.length;
  const averages = set.criteria.map(
    (c) => scorecards.reduce((sum, card) => sum + scoreOf(card, c.id), 0) / scorecards.length,
  );
  const weakest = Math.min(...averages);
  const outcome: ReviewOutcome =
    share < REJECT_BELOW || weakest < ABSENT_BELOW
      ? 'rejected'
      : share >= APPROVE_FROM && weakest >= ADEQUATE_FROM
        ? 'approved'
        : 'returned';

  const comments = new Set<string>();
  for (const card of scorecards) {
    for (const criterion of set.criteria) {
      const comment = card.scores.find((s) => s.criterion === criterion.id)?.comment.trim() ?? '';
      if (comment) comments.add(cut(`${criterion.name}: ${comment}`));
    }
    const summary = card.summary.trim();
    if (summary) comments.add(cut(summary));
  }
  return {
    outcome,
    score: Math.round(share * 10_000) / 10_000,
    comments: [...comments].slice(0, MAX_COMMENTS),
  };
}

/** At most 2000 code points, as the contract counts them. */
function cut(text: string): string {
  const points = [...text];
  return points.length <= MAX_COMMENT_LENGTH ? text : `${points.slice(0, MAX_COMMENT_LENGTH - 1).join('')}…`;
}

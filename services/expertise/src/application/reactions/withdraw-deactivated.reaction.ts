import type { ExpertDeactivated } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { reviewCase } from '../../domain/review-case.decider';

/** An expert's open assignments, from a read model that is caught up first when `caughtUp` is asked. */
export interface OpenAssignments {
  openAssignmentsOf(
    expertId: string,
    options: { readonly caughtUp: boolean },
  ): Promise<readonly { readonly caseId: string }[]>;
}

/**
 * How long after the deactivation the reaction waits for the review board to catch up (ReplicaBehind)
 * before it takes the board as it is: a board never idle under load must not hold the reactions'
 * partition for good. What it may miss then is withdrawn at its deadline, and scores nothing meanwhile.
 */
export const CATCH_UP_WAIT_MS = 30_000;

/**
 * A deactivated expert reviews nothing more: each of its open assignments is withdrawn and given
 * to another eligible expert in the same decision (or the case waits for experts). Scorecards of a
 * deactivated expert are refused as well (the decider's `expert-deactivated`), so an assignment the
 * board had not yet seen never lets it decide a case; the deadline withdraws that one in the end.
 */
export const withdrawDeactivated = (
  board: OpenAssignments,
  now: () => Date = () => new Date(),
): Reaction<ExpertDeactivated> => ({
  name: 'withdraw-deactivated-expert',
  events: ['expertise.ExpertDeactivated'],
  async react(event) {
    const { expertId, region } = event.data;
    const caughtUp = now().getTime() - Date.parse(event.time) < CATCH_UP_WAIT_MS;
    return (await board.openAssignmentsOf(expertId, { caughtUp })).map(({ caseId }) =>
      issue(reviewCase, [caseId], { type: 'WithdrawDeactivated', caseId, region, expertId }),
    );
  },
});

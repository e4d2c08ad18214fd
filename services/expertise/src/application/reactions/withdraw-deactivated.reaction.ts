import type { ExpertDeactivated } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { reviewCase } from '../../domain/review-case.decider';

/** An expert's open assignments, from a read model that is caught up first. */
export interface OpenAssignments {
  openAssignmentsOf(expertId: string): Promise<readonly { readonly caseId: string }[]>;
}

/**
 * A deactivated expert reviews nothing more: each of its open assignments is withdrawn and given
 * to another eligible expert in the same decision (or the case waits for experts). Scorecards of a
 * deactivated expert are refused as well (the decider's `expert-deactivated`), so an assignment the
 * board had not yet seen never lets it decide a case; the deadline withdraws that one in the end.
 */
export const withdrawDeactivated = (board: OpenAssignments): Reaction<ExpertDeactivated> => ({
  name: 'withdraw-deactivated-expert',
  events: ['expertise.ExpertDeactivated'],
  async react(event) {
    const { expertId, region } = event.data;
    return (await board.openAssignmentsOf(expertId)).map(({ caseId }) =>
      issue(reviewCase, [caseId], { type: 'WithdrawDeactivated', caseId, region, expertId }),
    );
  },
});

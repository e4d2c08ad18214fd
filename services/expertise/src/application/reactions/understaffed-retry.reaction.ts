import type { ExpertReactivated, ExpertRegistered, ReviewUnderstaffed } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { reviewCase } from '../../domain/review-case.decider';

/**
 * An understaffed case tries again by itself at the retry deadline its ReviewUnderstaffed names
 * (one pending per case; the retry, still short, names the next). A ReviewUnderstaffed without
 * `retryAt` leaves the pending deadline as it is.
 */
export const understaffedRetry: Reaction<ReviewUnderstaffed> = {
  name: 'understaffed-retry',
  events: ['expertise.ReviewUnderstaffed'],
  react(event) {
    const { caseId, region, retryAt } = event.data;
    if (!retryAt) return [];
    const command = { type: 'RetryStaffing', caseId, region, dueAt: retryAt } as const;
    return [issue(reviewCase, [caseId], command, { at: new Date(retryAt) })];
  },
};

/** The open cases of a region that wait for experts, as the review board knows them. */
export interface UnderstaffedCases {
  understaffedCases(region: string): Promise<readonly { readonly caseId: string }[]>;
}

/**
 * An expert joined the region's pool or came back to it: every case of the region waiting for
 * experts tries again at once (a case the expert does not fit decides nothing). The board may lag a
 * case that has just become understaffed: its own retry deadline catches it.
 */
export const retryOnPoolChange = (
  board: UnderstaffedCases,
): Reaction<ExpertRegistered | ExpertReactivated> => ({
  name: 'retry-understaffed-on-pool-change',
  events: ['expertise.ExpertRegistered', 'expertise.ExpertReactivated'],
  async react(event) {
    const { region } = event.data;
    return (await board.understaffedCases(region)).map(({ caseId }) =>
      issue(reviewCase, [caseId], { type: 'RetryStaffing', caseId, region }),
    );
  },
});

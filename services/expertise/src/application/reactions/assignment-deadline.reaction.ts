import type { ExpertAssigned } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { reviewCase } from '../../domain/review-case.decider';

/**
 * Every assignment has its deadline: at `dueBy` the scheduler withdraws an expert who has neither
 * scored nor declined by then, and another is chosen. Decided on the case as it is at that time, so
 * a scorecard or a decline in between makes it decide nothing.
 */
export const assignmentDeadline: Reaction<ExpertAssigned> = {
  name: 'assignment-deadline',
  events: ['expertise.ExpertAssigned'],
  react(event) {
    const { caseId, region, expertId, dueBy } = event.data;
    const command = { type: 'WithdrawOverdue', caseId, region, expertId, dueBy } as const;
    return [issue(reviewCase, [caseId], command, { at: new Date(dueBy) })];
  },
};

import type { ReviewDecided } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { program } from '../../domain/program.decider';

/** The council decided on a revision: the program enters the register, goes back to the provider, or is rejected. */
export const recordReviewDecision: Reaction<ReviewDecided> = {
  name: 'record-review-decision',
  events: ['expertise.ReviewDecided'],
  react(event) {
    const { programId, revision, outcome, comments } = event.data;
    return [
      issue(program, [programId], { type: 'RecordReviewDecision', programId, revision, outcome, comments }),
    ];
  },
};

import type { ReviewDecided } from '@pk/contracts';
import type { Reaction } from '@pk/kernel';
import type { RecordReviewDecision } from '../../domain/program.decider';
import { programStream } from '../../domain/program.decider';

/** The council decided on a revision: the program enters the register, goes back to the provider, or is rejected. */
export const recordReviewDecision: Reaction<ReviewDecided> = {
  name: 'record-review-decision',
  events: ['expertise.ReviewDecided'],
  react(event) {
    const { programId, revision, outcome, comments } = event.data;
    const command: RecordReviewDecision = {
      type: 'RecordReviewDecision',
      programId,
      revision,
      outcome,
      comments,
    };
    return [{ aggregate: 'program', streamId: programStream(programId), command }];
  },
};

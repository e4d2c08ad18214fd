import type { ProgramSubmitted } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { v5 as uuidV5 } from 'uuid';
import { type OpenReviewCase, reviewCase } from '../../domain/review-case.decider';

/** Namespace of review case ids. Never change it: case ids of every submitted revision derive from it. */
export const REVIEW_CASE_IDS = '6f0d2b8e-3c41-4a7e-9d15-8b2e4f7a1c93';

/** One case per submitted revision: the same revision always names the same case. */
export const caseIdOf = (programId: string, revision: number) =>
  uuidV5(`${programId}/${revision}`, REVIEW_CASE_IDS);

/**
 * A submitted revision comes up for review. The command carries the revision as catalog froze it;
 * who reviews it is chosen when the case decides, from the pool as it is then (ReviewCaseCommands).
 */
export const openReviewCase: Reaction<ProgramSubmitted> = {
  name: 'open-review-case',
  events: ['catalog.ProgramSubmitted'],
  react(event) {
    const p = event.data;
    const caseId = caseIdOf(p.programId, p.revision);
    const command: OpenReviewCase = {
      type: 'OpenReviewCase',
      caseId,
      program: {
        programId: p.programId,
        providerId: p.providerId,
        region: p.region,
        revision: p.revision,
        title: p.title,
        kind: p.kind,
        hours: p.hours,
        subjects: p.subjects,
        competencies: p.competencies,
      },
    };
    return [issue(reviewCase, [caseId], command)];
  },
};

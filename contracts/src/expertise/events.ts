import type { ExpertDeactivatedV1, ReviewDecidedV1, ScorecardSubmittedV1 } from './events.generated';

// The data of every expertise event version, its envelope and the ExpertiseEvent union are generated
// from contracts/schemas/expertise (events.generated.ts). Here: the names services give to parts of them.
export type * from './events.generated';

/** The data of ExpertDeactivated and ExpertReactivated. */
export type ExpertStatusV1 = ExpertDeactivatedV1;
export type ReviewCaseKey = Pick<ScorecardSubmittedV1, 'caseId' | 'programId' | 'region'>;
export type CriteriaSetRef = ScorecardSubmittedV1['criteriaSet'];
export type CriterionScore = ScorecardSubmittedV1['scores'][number];
export type ReviewOutcome = ReviewDecidedV1['outcome'];

import type { ExpertDeactivatedV1, ReviewDecided, ScorecardSubmitted } from './events.generated';

// The data of every expertise event version, its envelope and the ExpertiseEvent union are generated
// from contracts/schemas/expertise (events.generated.ts). Here: the names services give to parts of them,
// taken from the current versions, so they follow a new version by themselves.
export type * from './events.generated';

/** The data of ExpertDeactivated and ExpertReactivated. */
export type ExpertStatusV1 = ExpertDeactivatedV1;
export type ReviewCaseKey = Pick<ScorecardSubmitted['data'], 'caseId' | 'programId' | 'region'>;
export type CriteriaSetRef = ScorecardSubmitted['data']['criteriaSet'];
export type CriterionScore = ScorecardSubmitted['data']['scores'][number];
export type ReviewOutcome = ReviewDecided['data']['outcome'];

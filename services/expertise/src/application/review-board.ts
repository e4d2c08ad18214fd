import type { CriteriaSetRef, CriterionScore, ReviewOutcome } from '@pk/contracts';
import type { Candidate } from '../domain/assignment';

/**
 * What the service knows of its own experts and cases through its read model (a projection of its
 * own topic): the pool a decision chooses from, and what people query. A port, so the context runs on
 * FerretDB in the service and on the same projection in memory in fast specs.
 */
export abstract class ReviewBoard {
  /**
   * The region's experts with their open loads. When the pool read is not `enough` for the
   * decision, the read model is first made sure to be caught up (ReplicaBehind otherwise), so a case
   * is never understaffed only because the model lagged.
   */
  abstract candidates(region: string, enough: (pool: readonly Candidate[]) => boolean): Promise<Candidate[]>;
  abstract expert(expertId: string): Promise<ExpertView | null>;
  abstract queue(expertId: string): Promise<QueueItem[]>;
  abstract programReviews(programId: string): Promise<ReviewCaseView[]>;
  abstract councilStatistics(region: string): Promise<ProviderStatistics[]>;
}

export interface ExpertView {
  readonly expertId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly subjects: readonly string[];
  readonly competencies: readonly string[];
  readonly active: boolean;
}

export interface QueueItem {
  readonly caseId: string;
  readonly programId: string;
  readonly revision: number;
  readonly title: string;
  readonly kind: string;
  readonly hours: number;
  readonly assignedAt: string;
  readonly dueBy: string;
}

export interface AssignmentView {
  readonly expertId: string;
  readonly assignedAt: string;
  readonly dueBy: string;
  readonly state: 'assigned' | 'scored' | 'withdrawn';
  readonly withdrawal: { readonly reason: string; readonly comment: string } | null;
  readonly scorecard: {
    readonly criteriaSet: CriteriaSetRef;
    readonly scores: readonly CriterionScore[];
    readonly summary: string;
    readonly submittedAt: string;
  } | null;
}

export interface ReviewCaseView {
  readonly caseId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly revision: number;
  readonly title: string;
  readonly reviewersRequired: number;
  readonly criteriaSet: CriteriaSetRef;
  readonly openedAt: string;
  readonly status: 'open' | 'decided';
  readonly understaffed: boolean;
  readonly assignments: readonly AssignmentView[];
  readonly decision: {
    readonly outcome: ReviewOutcome;
    readonly score: number;
    readonly comments: readonly string[];
    readonly decidedAt: string;
  } | null;
}

export interface ProviderStatistics {
  readonly providerId: string;
  readonly opened: number;
  readonly decided: number;
  readonly approved: number;
  readonly returned: number;
  readonly rejected: number;
  /** Mean days from opening to decision over the decided cases; null before the first decision. */
  readonly meanDurationDays: number | null;
}

import type { EventEnvelope } from '../envelope';
import type { ProgramKind } from '../catalog/events';
import type { CompetencyCode, Subject } from '../reference/vocabulary';

// Data of each expertise event version, mirroring contracts/schemas/expertise/<EventName>.v<N>.schema.json.

/** An expert of the region's pool. The id is the subject of the expert's token; no names here. */
export interface ExpertRegisteredV1 {
  readonly expertId: string;
  readonly region: string;
  /** Home organization: the expert never reviews a program of its own organization. */
  readonly organizationId: string;
  readonly subjects: readonly Subject[];
  readonly competencies: readonly CompetencyCode[];
}

export interface ExpertStatusV1 {
  readonly expertId: string;
  readonly region: string;
}

export interface ReviewSettingsChangedV1 {
  readonly region: string;
  /** Experts who score each submitted revision (St Petersburg: 3). */
  readonly reviewersRequired: number;
  /** Days an assigned expert has to submit a scorecard. */
  readonly reviewDays: number;
}

export interface CriteriaSetRef {
  readonly id: string;
  readonly version: number;
}

export interface ReviewCaseKey {
  readonly caseId: string;
  readonly programId: string;
  readonly region: string;
}

export interface ReviewCaseOpenedV1 extends ReviewCaseKey {
  readonly providerId: string;
  readonly revision: number;
  readonly title: string;
  readonly kind: ProgramKind;
  readonly hours: number;
  readonly subjects: readonly Subject[];
  readonly competencies: readonly CompetencyCode[];
  readonly reviewersRequired: number;
  readonly criteriaSet: CriteriaSetRef;
}

export interface ExpertAssignedV1 extends ReviewCaseKey {
  readonly expertId: string;
  readonly dueBy: string;
}

export interface AssignmentWithdrawnV1 extends ReviewCaseKey {
  readonly expertId: string;
  readonly reason: 'declined' | 'overdue';
  readonly comment: string;
}

export interface ReviewUnderstaffedV1 extends ReviewCaseKey {
  readonly assigned: number;
  readonly required: number;
}

export interface CriterionScore {
  readonly criterion: string;
  /** 0 absent, 1 weak, 2 adequate, 3 strong. */
  readonly score: number;
  readonly comment: string;
}

export interface ScorecardSubmittedV1 extends ReviewCaseKey {
  readonly expertId: string;
  readonly criteriaSet: CriteriaSetRef;
  readonly scores: readonly CriterionScore[];
  readonly summary: string;
}

export type ReviewOutcome = 'approved' | 'returned' | 'rejected';

export interface ReviewDecidedV1 extends ReviewCaseKey {
  readonly providerId: string;
  readonly revision: number;
  readonly outcome: ReviewOutcome;
  /** Mean share of the maximum score across the scorecards, 0…1. */
  readonly score: number;
  readonly comments: readonly string[];
}

type Expertise<TName extends string, TData> = EventEnvelope<`expertise.${TName}`, TData>;

export type ExpertRegistered = Expertise<'ExpertRegistered', ExpertRegisteredV1>;
export type ExpertDeactivated = Expertise<'ExpertDeactivated', ExpertStatusV1>;
export type ExpertReactivated = Expertise<'ExpertReactivated', ExpertStatusV1>;
export type ReviewSettingsChanged = Expertise<'ReviewSettingsChanged', ReviewSettingsChangedV1>;
export type ReviewCaseOpened = Expertise<'ReviewCaseOpened', ReviewCaseOpenedV1>;
export type ExpertAssigned = Expertise<'ExpertAssigned', ExpertAssignedV1>;
export type AssignmentWithdrawn = Expertise<'AssignmentWithdrawn', AssignmentWithdrawnV1>;
export type ReviewUnderstaffed = Expertise<'ReviewUnderstaffed', ReviewUnderstaffedV1>;
export type ScorecardSubmitted = Expertise<'ScorecardSubmitted', ScorecardSubmittedV1>;
export type ReviewDecided = Expertise<'ReviewDecided', ReviewDecidedV1>;
export type ExpertiseEvent =
  | ExpertRegistered
  | ExpertDeactivated
  | ExpertReactivated
  | ReviewSettingsChanged
  | ReviewCaseOpened
  | ExpertAssigned
  | AssignmentWithdrawn
  | ReviewUnderstaffed
  | ScorecardSubmitted
  | ReviewDecided;

import type { EventEnvelope } from '../envelope';
import type { CompetencyCode, Position, Subject } from '../reference/vocabulary';

// Data of each diagnostics event version, mirroring contracts/schemas/diagnostics/<EventName>.v<N>.schema.json.
// No public event carries a teacher's names, SNILS or contacts (152-ФЗ): those stay encrypted in the
// diagnostics event store under a key per teacher.

export type QualificationCategory = 'none' | 'first' | 'highest';
export type EducationLevel =
  'higher-pedagogical' | 'higher-other' | 'vocational-pedagogical' | 'vocational-other' | 'other';

/** A teacher's professional record: what other services decide on. */
export interface TeacherRecord {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
  readonly position: Position;
  readonly subjects: readonly Subject[];
  readonly workProfile: string;
  readonly category: QualificationCategory;
  readonly categorySince: string | null;
  readonly education: EducationLevel;
  /** The last completed ПК; the federal right is one every three years. */
  readonly lastTrainingCompletedOn: string | null;
}

export interface TeacherErasedV1 {
  readonly teacherId: string;
  readonly region: string;
}

export type CampaignKind = 'yearly-monitoring' | 'self-diagnostics';

export interface CampaignOpenedV1 {
  readonly campaignId: string;
  readonly region: string;
  readonly kind: CampaignKind;
  readonly year: number;
  readonly opensOn: string;
  readonly closesOn: string;
}

export interface CampaignClosedV1 {
  readonly campaignId: string;
  readonly region: string;
}

export interface InstrumentRef {
  readonly id: string;
  readonly version: number;
}

export interface CompetencyScore {
  readonly competency: CompetencyCode;
  /** Percent of the competency's items answered right. */
  readonly score: number;
  /** Below the instrument's threshold. */
  readonly deficit: boolean;
}

/** Where a teacher is: the organization and its municipality, for school and municipal maps. */
export interface TeacherPlace {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
}

export interface AttemptScoredV1 extends TeacherPlace {
  readonly attemptId: string;
  /** null for self-diagnostics outside a campaign. */
  readonly campaignId: string | null;
  readonly instrument: InstrumentRef;
  readonly scores: readonly CompetencyScore[];
}

export type ExternalSource =
  | 'federal-assessment'
  | 'attestation'
  | 'exam-analysis'
  | 'employer-requirements'
  | 'municipal-survey'
  | 'regional-study';

export interface ExternalResultRecordedV1 extends TeacherPlace {
  readonly resultId: string;
  readonly source: ExternalSource;
  readonly recordedOn: string;
  readonly scores: readonly CompetencyScore[];
}

export type DeficitSource = 'monitoring' | 'self-diagnostics' | ExternalSource;

export interface DeficitFoundV1 extends TeacherPlace {
  readonly competency: CompetencyCode;
  /** The attempt or outside result that found it. */
  readonly foundBy: string;
  readonly source: DeficitSource;
}

export interface DeficitResolvedV1 extends TeacherPlace {
  readonly competency: CompetencyCode;
  readonly resolvedBy: string;
}

export type TrajectoryItemKind =
  'program' | 'mentoring' | 'contest' | 'practice-presentation' | 'expert-work';

export interface TrajectoryItem {
  readonly itemId: string;
  readonly kind: TrajectoryItemKind;
  /** The program of the register, for a course; null for other activities. */
  readonly programId: string | null;
  readonly title: string;
  readonly competencies: readonly CompetencyCode[];
  readonly status: 'planned' | 'completed' | 'dropped';
}

export interface TrajectoryV1 {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly year: number;
  readonly items: readonly TrajectoryItem[];
}

export interface TrajectoryProgressedV1 {
  readonly teacherId: string;
  readonly region: string;
  readonly itemId: string;
  readonly programId: string | null;
  readonly completedOn: string;
}

type Diagnostics<TName extends string, TData> = EventEnvelope<`diagnostics.${TName}`, TData>;

export type TeacherRegistered = Diagnostics<'TeacherRegistered', TeacherRecord>;
export type TeacherUpdated = Diagnostics<'TeacherUpdated', TeacherRecord>;
export type TeacherErased = Diagnostics<'TeacherErased', TeacherErasedV1>;
export type CampaignOpened = Diagnostics<'CampaignOpened', CampaignOpenedV1>;
export type CampaignClosed = Diagnostics<'CampaignClosed', CampaignClosedV1>;
export type AttemptScored = Diagnostics<'AttemptScored', AttemptScoredV1>;
export type ExternalResultRecorded = Diagnostics<'ExternalResultRecorded', ExternalResultRecordedV1>;
export type DeficitFound = Diagnostics<'DeficitFound', DeficitFoundV1>;
export type DeficitResolved = Diagnostics<'DeficitResolved', DeficitResolvedV1>;
export type TrajectoryProposed = Diagnostics<'TrajectoryProposed', TrajectoryV1>;
export type TrajectoryAccepted = Diagnostics<'TrajectoryAccepted', TrajectoryV1>;
export type TrajectoryProgressed = Diagnostics<'TrajectoryProgressed', TrajectoryProgressedV1>;
export type DiagnosticsEvent =
  | TeacherRegistered
  | TeacherUpdated
  | TeacherErased
  | CampaignOpened
  | CampaignClosed
  | AttemptScored
  | ExternalResultRecorded
  | DeficitFound
  | DeficitResolved
  | TrajectoryProposed
  | TrajectoryAccepted
  | TrajectoryProgressed;

import type {
  AttemptScoredV1,
  CampaignOpenedV1,
  DeficitFoundV1,
  ExternalResultRecordedV1,
  TeacherRegisteredV1,
  TrajectoryProposedV1,
} from './events.generated';

// The data of every diagnostics event version, its envelope and the DiagnosticsEvent union are generated
// from contracts/schemas/diagnostics (events.generated.ts). Here: the names services give to parts of them.
// No public event carries a teacher's names, SNILS or contacts (152-ФЗ): those stay encrypted in the
// diagnostics event store under a key per teacher.
export type * from './events.generated';

/** A teacher's professional record: what other services decide on (TeacherRegistered, TeacherUpdated). */
export type TeacherRecord = TeacherRegisteredV1;
export type QualificationCategory = TeacherRecord['category'];
export type EducationLevel = TeacherRecord['education'];

/** Where a teacher is: the organization and its municipality, for school and municipal maps. */
export type TeacherPlace = Pick<
  AttemptScoredV1,
  'teacherId' | 'region' | 'organizationId' | 'municipalityId'
>;

export type CampaignKind = CampaignOpenedV1['kind'];
export type InstrumentRef = AttemptScoredV1['instrument'];
export type CompetencyScore = AttemptScoredV1['scores'][number];
export type ExternalSource = ExternalResultRecordedV1['source'];
export type DeficitSource = DeficitFoundV1['source'];

/** The data of TrajectoryProposed and TrajectoryAccepted. */
export type TrajectoryV1 = TrajectoryProposedV1;
export type TrajectoryItem = TrajectoryV1['items'][number];
export type TrajectoryItemKind = TrajectoryItem['kind'];

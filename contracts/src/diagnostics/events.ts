import type {
  AttemptScored,
  DeficitFound,
  ExternalResultRecorded,
  TeacherRegistered,
  TrajectoryProposedV1,
} from './events.generated';

// The data of every diagnostics event version, its envelope and the DiagnosticsEvent union are generated
// from contracts/schemas/diagnostics (events.generated.ts). Here: the names services give to parts of
// them, taken from the current versions, so they follow a new version by themselves.
// No public event carries a teacher's names, SNILS or contacts (152-ФЗ): those stay encrypted in the
// diagnostics event store under a key per teacher.
export type * from './events.generated';

/** A teacher's professional record: what other services decide on (TeacherRegistered, TeacherUpdated). */
export type TeacherRecord = TeacherRegistered['data'];
export type QualificationCategory = TeacherRecord['category'];
export type EducationLevel = TeacherRecord['education'];

/** Where a teacher is: the organization and its municipality, for school and municipal maps. */
export type TeacherPlace = Pick<
  AttemptScored['data'],
  'teacherId' | 'region' | 'organizationId' | 'municipalityId'
>;

export type InstrumentRef = AttemptScored['data']['instrument'];
export type CompetencyScore = AttemptScored['data']['scores'][number];
export type ExternalSource = ExternalResultRecorded['data']['source'];
export type DeficitSource = DeficitFound['data']['source'];

/** The data of TrajectoryProposed and TrajectoryAccepted. */
export type TrajectoryV1 = TrajectoryProposedV1;
export type TrajectoryItem = TrajectoryV1['items'][number];
export type TrajectoryItemKind = TrajectoryItem['kind'];

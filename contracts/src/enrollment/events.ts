import type { EventEnvelope } from '../envelope';
import type { ProgramKind } from '../catalog/events';

// Data of each enrollment event version, mirroring contracts/schemas/enrollment/<EventName>.v<N>.schema.json.
// Defined before the enrollment service exists (contract first): diagnostics and external systems
// are built and tested against it.

/** A teacher completed a course of the register and received the document. */
export interface CourseCompletedV1 {
  readonly enrollmentId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly programId: string;
  readonly offeringId: string;
  readonly providerId: string;
  readonly kind: ProgramKind;
  readonly hours: number;
  readonly completedOn: string;
  /** Number of the issued document (удостоверение / диплом), as entered in ФИС ФРДО. */
  readonly certificateNumber: string;
}

export type CourseCompleted = EventEnvelope<'enrollment.CourseCompleted', CourseCompletedV1>;
export type EnrollmentEvent = CourseCompleted;

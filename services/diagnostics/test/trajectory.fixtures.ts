import { randomUUID } from 'node:crypto';
import type {
  CompetencyCode,
  CourseCompleted,
  DeficitFound,
  DeficitResolved,
  OrganizationRegistered,
  ProgramApproved,
  ProgramArchived,
  TeacherErased,
  TeacherRegistered,
} from '@pk/contracts';
import { publishedEvent } from '@pk/test-kit';

// Events other services and parts publish, for the trajectories' specs: golden examples with fresh
// ids (and the fields a case needs), as they would arrive on the topics.

export function teacherRegistered(
  teacherId: string,
  organizationId: string,
  region: string,
): TeacherRegistered {
  return publishedEvent(
    'diagnostics.TeacherRegistered',
    { teacherId, organizationId, region },
    { subject: `teacher-${teacherId}` },
  );
}

/** The teacher's erasure, after its registration on the teacher's stream. */
export function teacherErased(teacherId: string, region: string): TeacherErased {
  return publishedEvent(
    'diagnostics.TeacherErased',
    { teacherId, region },
    { subject: `teacher-${teacherId}`, position: 1 },
  );
}

/** A deficit on the teacher's profile stream, at the position given (positions rise per teacher). */
export function deficitFound(
  teacher: { teacherId: string; organizationId: string; region: string },
  competency: CompetencyCode,
  position: number,
): DeficitFound {
  return publishedEvent(
    'diagnostics.DeficitFound',
    { ...teacher, competency },
    { subject: `profile-${teacher.teacherId}`, position },
  );
}

export function deficitResolved(
  teacher: { teacherId: string; organizationId: string; region: string },
  competency: CompetencyCode,
  position: number,
): DeficitResolved {
  return publishedEvent(
    'diagnostics.DeficitResolved',
    { ...teacher, competency },
    { subject: `profile-${teacher.teacherId}`, position },
  );
}

export function programApproved(
  fields: Partial<ProgramApproved['data']> & { region: string },
): ProgramApproved {
  const programId = fields.programId ?? randomUUID();
  return publishedEvent(
    'catalog.ProgramApproved',
    { ...fields, programId },
    { subject: `program-${programId}` },
  );
}

/** The archival of an approved program, the next event on its stream. */
export function programArchived(approved: ProgramApproved): ProgramArchived {
  const { programId, providerId, region } = approved.data;
  return publishedEvent(
    'catalog.ProgramArchived',
    { programId, providerId, region },
    { subject: approved.subject, position: approved.streamPosition + 1 },
  );
}

export function organizationRegistered(organizationId: string, region: string): OrganizationRegistered {
  return publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId, region, kind: 'school' },
    { subject: `organization-${organizationId}` },
  );
}

export function courseCompleted(
  teacher: { teacherId: string; organizationId: string; region: string },
  programId: string,
  completedOn = '2026-04-17',
): CourseCompleted {
  const enrollmentId = randomUUID();
  return publishedEvent(
    'enrollment.CourseCompleted',
    { ...teacher, enrollmentId, programId, completedOn },
    { subject: `enrollment-${enrollmentId}` },
  );
}

import { randomUUID } from 'node:crypto';
import {
  type CompetencyCode,
  type CourseCompleted,
  type DeficitFound,
  type DeficitResolved,
  type EventEnvelope,
  goldenExample,
  type OrganizationRegistered,
  type ProgramApproved,
  type ProgramArchived,
  type TeacherErased,
  type TeacherRegistered,
} from '@pk/contracts';

// Events other services and parts publish, for the trajectories' specs: golden examples with fresh
// ids (and the fields a case needs), as they would arrive on the topics.

function fresh<T extends EventEnvelope>(
  golden: T,
  subject: string,
  data: Partial<T['data']>,
  position?: number,
): T {
  return {
    ...golden,
    id: randomUUID(),
    correlationId: randomUUID(),
    subject,
    streamPosition: position ?? golden.streamPosition,
    data: { ...(golden.data as object), ...data } as T['data'],
  };
}

export function teacherRegistered(
  teacherId: string,
  organizationId: string,
  region: string,
): TeacherRegistered {
  return fresh(goldenExample('diagnostics.TeacherRegistered'), `teacher-${teacherId}`, {
    teacherId,
    organizationId,
    region,
  });
}

/** The teacher's erasure, after its registration on the teacher's stream. */
export function teacherErased(teacherId: string, region: string): TeacherErased {
  return fresh(goldenExample('diagnostics.TeacherErased'), `teacher-${teacherId}`, { teacherId, region }, 1);
}

/** A deficit on the teacher's profile stream, at the position given (positions rise per teacher). */
export function deficitFound(
  teacher: { teacherId: string; organizationId: string; region: string },
  competency: CompetencyCode,
  position: number,
): DeficitFound {
  return fresh(
    goldenExample('diagnostics.DeficitFound'),
    `profile-${teacher.teacherId}`,
    { ...teacher, competency },
    position,
  );
}

export function deficitResolved(
  teacher: { teacherId: string; organizationId: string; region: string },
  competency: CompetencyCode,
  position: number,
): DeficitResolved {
  return fresh(
    goldenExample('diagnostics.DeficitResolved'),
    `profile-${teacher.teacherId}`,
    { ...teacher, competency },
    position,
  );
}

export function programApproved(
  fields: Partial<ProgramApproved['data']> & { region: string },
): ProgramApproved {
  const programId = fields.programId ?? randomUUID();
  return fresh(goldenExample('catalog.ProgramApproved'), `program-${programId}`, { ...fields, programId });
}

/** The archival of an approved program, the next event on its stream. */
export function programArchived(approved: ProgramApproved): ProgramArchived {
  const { programId, providerId, region } = approved.data;
  return fresh(
    goldenExample('catalog.ProgramArchived'),
    approved.subject,
    { programId, providerId, region },
    approved.streamPosition + 1,
  );
}

export function organizationRegistered(organizationId: string, region: string): OrganizationRegistered {
  return fresh(goldenExample('catalog.OrganizationRegistered'), `organization-${organizationId}`, {
    organizationId,
    region,
    kind: 'school',
  });
}

export function courseCompleted(
  teacher: { teacherId: string; organizationId: string; region: string },
  programId: string,
  completedOn = '2026-04-17',
): CourseCompleted {
  const enrollmentId = randomUUID();
  return fresh(goldenExample('enrollment.CourseCompleted'), `enrollment-${enrollmentId}`, {
    ...teacher,
    enrollmentId,
    programId,
    completedOn,
  });
}

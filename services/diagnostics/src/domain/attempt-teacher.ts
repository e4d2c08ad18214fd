import type { Position, Subject, TeacherErasedV1, TeacherPlace, TeacherRecord } from '@pk/contracts';
import { defineFold, DomainError, type DomainEvent } from '@pk/kernel';

/**
 * What assessment needs of a teacher: where the teacher works and in which position. Folded from
 * the public events of the teacher's stream (`teacher-<id>`) alone: the teacher aggregate belongs to
 * another part of the service, and its contract is all this part relies on.
 */
export interface TeacherFacts extends TeacherPlace {
  readonly position: Position;
  readonly subjects: readonly Subject[];
}

export type TeacherEvent =
  | DomainEvent<'diagnostics.TeacherRegistered', TeacherRecord>
  | DomainEvent<'diagnostics.TeacherUpdated', TeacherRecord>
  | DomainEvent<'diagnostics.TeacherErased', TeacherErasedV1>;

const factsOf = (r: TeacherRecord): TeacherFacts => ({
  teacherId: r.teacherId,
  region: r.region,
  organizationId: r.organizationId,
  municipalityId: r.municipalityId,
  position: r.position,
  subjects: r.subjects,
});

/** What is left of an erased teacher: the id, the region and the fact (README.md). */
export interface ErasedTeacherFacts {
  readonly teacherId: string;
  readonly region: string;
  readonly erased: true;
}

/** A fold only: assessment never decides on the teacher's stream. */
export const teacherFacts = defineFold<TeacherFacts | ErasedTeacherFacts | null, TeacherEvent>({
  name: 'teacher',
  initialState: null,
  evolve(state, event) {
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated':
        return factsOf(event.data);
      case 'diagnostics.TeacherErased':
        // kept as a fact, so a read can answer "erased" (410) rather than "never registered"
        return { teacherId: event.data.teacherId, region: event.data.region, erased: true };
      default:
        // personal data (private) and whatever the teacher's stream holds besides
        return state;
    }
  },
});

/**
 * The teacher as the caller's region knows it. A teacher of another region, or erased, is refused
 * as unknown: a region learns nothing of another's teachers.
 */
export function requireTeacher(
  teacher: TeacherFacts | ErasedTeacherFacts | null,
  teacherId: string,
  region: string,
): TeacherFacts {
  if (teacher === null || 'erased' in teacher || teacher.region !== region) {
    throw new DomainError('teacher-not-found', `в регионе ${region} нет педагога ${teacherId}`);
  }
  return teacher;
}

export const placeOf = ({
  teacherId,
  region,
  organizationId,
  municipalityId,
}: TeacherPlace): TeacherPlace => ({
  teacherId,
  region,
  organizationId,
  municipalityId,
});

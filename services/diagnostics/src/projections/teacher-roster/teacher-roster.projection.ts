import {
  publicTopic,
  type TeacherErased,
  type TeacherRecord,
  type TeacherRegistered,
  type TeacherUpdated,
} from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { TRAINING_PERIOD_YEARS } from '../../domain/teacher.decider';

export type TeacherRosterEvent = TeacherRegistered | TeacherUpdated | TeacherErased;

/**
 * One document per teacher (it follows the teacher's stream): the professional record and what the
 * overdue-training report needs, precomputed. Never a name, СНИЛС or contact: those exist only
 * sealed in the event store, and the projection reads the public topic, which never carries them.
 * Queries filter by equality on region, municipality or organization, each indexed.
 */
const teachers = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    municipalityId: String,
    position: String,
    subjects: [String],
    workProfile: String,
    category: String,
    categorySince: String,
    education: String,
    lastTrainingCompletedOn: String,
    /** The last day the last ПК counts (see trainingDueOn); null when none is known. */
    trainingDueOn: String,
    erased: Boolean,
    updatedAt: String,
  },
  { versionKey: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 })
  .index({ organizationId: 1 });

/** The professional record's fields as an erased teacher's document holds them: none. */
const ERASED_RECORD = {
  organizationId: null,
  municipalityId: null,
  position: null,
  subjects: [],
  workProfile: null,
  category: null,
  categorySince: null,
  education: null,
  lastTrainingCompletedOn: null,
  trainingDueOn: null,
} as const;

export const teacherRoster = defineProjection<TeacherRosterEvent>()({
  name: 'teacher-roster',
  topics: [publicTopic('diagnostics')],
  eventTypes: ['diagnostics.TeacherRegistered', 'diagnostics.TeacherUpdated', 'diagnostics.TeacherErased'],
  collections: { teachers },

  project(event): DocumentChange<'teachers'>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated': {
        const { teacherId, ...record } = event.data;
        return [
          {
            collection: 'teachers',
            id: teacherId,
            position,
            set: {
              ...record,
              trainingDueOn: trainingDueOn(event.data),
              erased: false,
              updatedAt: event.time,
            },
          },
        ];
      }
      case 'diagnostics.TeacherErased':
        // What survives erasure is the id, the region and the fact: the professional record with
        // the id singles out a person in a school, so it goes with the personal data (README.md).
        return [
          {
            collection: 'teachers',
            id: event.data.teacherId,
            position,
            set: { region: event.data.region, ...ERASED_RECORD, erased: true, updatedAt: event.time },
          },
        ];
    }
  },
});

/**
 * The last day a teacher's ПК still counts: three years after it. From the next day on, the last ПК
 * is more than three years back and the teacher is overdue. Null when no ПК is known.
 */
export function trainingDueOn({ lastTrainingCompletedOn }: Pick<TeacherRecord, 'lastTrainingCompletedOn'>) {
  return lastTrainingCompletedOn === null ? null : yearsLater(lastTrainingCompletedOn, TRAINING_PERIOD_YEARS);
}

/** Whether a teacher due on `dueOn` (see trainingDueOn) is overdue on the day `on`. */
export function isOverdueOn(dueOn: string | null | undefined, on: string): boolean {
  return dueOn === null || dueOn === undefined || dueOn < on;
}

/** The same day `years` years later, as YYYY-MM-DD; 29 February becomes the 28th of a common year. */
export function yearsLater(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

import { type DiagnosticsEvent, type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// What a teacher's development consists of, for the Samara indicators of goal 1 and the enrollment
// figures: one document per fact, each following the one stream its events come from, so a fact
// counted twice (a redelivery) is still one document and a count needs no read-modify-write.
//
// Years are the region's calendar years: of the event's time for a deficit and an enrollment, of
// the date it names for a completion, a dropout or a category award, of the trajectory's own year.

/** A deficit found in a competency in a year: `${teacherId}:${year}:${competency}` (the profile stream). */
const deficits = new Schema(
  {
    _id: String,
    region: String,
    municipalityId: String,
    organizationId: String,
    teacherId: String,
    competency: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1, year: 1 })
  .index({ teacherId: 1 });

/**
 * A trajectory (ИОМ) proposed to a teacher for a year: `${teacherId}:${year}` (its own stream).
 * The event names the school, not the municipality: queries resolve it through the organizations.
 */
const trajectories = new Schema(
  { _id: String, region: String, organizationId: String, teacherId: String, year: Number },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ organizationId: 1, year: 1 });

/** A confirmed enrollment, later perhaps cancelled: by applicationId (the group's stream). */
const enrollments = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    teacherId: String,
    programId: String,
    providerId: String,
    route: String,
    status: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ organizationId: 1, year: 1 });

/**
 * How a course ended for a learner: completed (with the document) or dropped out, by application
 * (the enrollment's stream). A dropout names no school or program: it counts region-wide only.
 */
const outcomes = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    teacherId: String,
    programId: String,
    providerId: String,
    kind: String,
    hours: Number,
    outcome: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1, outcome: 1 })
  .index({ organizationId: 1, year: 1 });

/**
 * A qualification category held by a teacher, with the year it was awarded:
 * `${teacherId}:${category}` (the teacher's stream, from the whole record each event carries).
 */
const categoryAwards = new Schema(
  { _id: String, region: String, municipalityId: String, teacherId: String, category: String, year: Number },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1, year: 1 });

export type TeacherDevelopmentCollection =
  'categoryAwards' | 'deficits' | 'trajectories' | 'enrollments' | 'outcomes';

export const teacherDevelopment = defineProjection<DiagnosticsEvent | EnrollmentEvent>()({
  name: 'monitoring-teacher-development',
  topics: [publicTopic('diagnostics'), publicTopic('enrollment')],
  eventTypes: [
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'diagnostics.DeficitFound',
    'diagnostics.TrajectoryProposed',
    'enrollment.EnrollmentConfirmed',
    'enrollment.EnrollmentCancelled',
    'enrollment.CourseCompleted',
    'enrollment.LearnerDroppedOut',
  ],
  collections: { categoryAwards, deficits, trajectories, enrollments, outcomes },

  project(event): DocumentChange<TeacherDevelopmentCollection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated': {
        const { teacherId, region, municipalityId, category, categorySince } = event.data;
        if (category === 'none' || categorySince === null) return [];
        return [
          {
            collection: 'categoryAwards',
            id: `${teacherId}:${category}`,
            position,
            set: { region, municipalityId, teacherId, category, year: regionYearOf(region, categorySince) },
          },
        ];
      }
      case 'diagnostics.DeficitFound': {
        const { teacherId, region, municipalityId, organizationId, competency } = event.data;
        const year = regionYearOf(region, event.time);
        return [
          {
            collection: 'deficits',
            id: `${teacherId}:${year}:${competency}`,
            position,
            set: { region, municipalityId, organizationId, teacherId, competency, year },
          },
        ];
      }
      case 'diagnostics.TrajectoryProposed': {
        const { teacherId, region, organizationId, year } = event.data;
        return [
          {
            collection: 'trajectories',
            id: `${teacherId}:${year}`,
            position,
            set: { region, organizationId, teacherId, year },
          },
        ];
      }
      case 'enrollment.EnrollmentConfirmed': {
        const { applicationId, region, organizationId, teacherId, programId, providerId, route } = event.data;
        return [
          {
            collection: 'enrollments',
            id: applicationId,
            position,
            set: {
              region,
              organizationId,
              teacherId,
              programId,
              providerId,
              route,
              status: 'confirmed',
              year: regionYearOf(region, event.time),
            },
          },
        ];
      }
      case 'enrollment.EnrollmentCancelled':
        // the group's stream confirmed it earlier: the year and school stay those of the confirmation
        return [
          {
            collection: 'enrollments',
            id: event.data.applicationId,
            position,
            set: { region: event.data.region, status: 'cancelled' },
          },
        ];
      case 'enrollment.CourseCompleted': {
        const { enrollmentId, region, organizationId, teacherId, programId, providerId, kind, hours } =
          event.data;
        return [
          {
            collection: 'outcomes',
            id: enrollmentId,
            position,
            set: {
              region,
              organizationId,
              teacherId,
              programId,
              providerId,
              kind,
              hours,
              outcome: 'completed',
              year: regionYearOf(region, event.data.completedOn),
            },
          },
        ];
      }
      case 'enrollment.LearnerDroppedOut': {
        const { applicationId, region, teacherId, droppedOn } = event.data;
        return [
          {
            collection: 'outcomes',
            id: applicationId,
            position,
            set: { region, teacherId, outcome: 'dropped-out', year: regionYearOf(region, droppedOn) },
          },
        ];
      }
      default:
        return [];
    }
  },
});

import { type CatalogEvent, type DiagnosticsEvent, type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// The facts the Irbey rows (indicators/irbey.ts) and the reports' recommendations need beyond the
// region's figures: which diagnostic found a deficit, who took an instrument, the routes teachers
// accepted, enrollments with their group and funding, how courses ended, and the programs with the
// fields the quality rows read. One document per fact, each following the one stream its events
// come from (docs/read-models.md, rule 1). A read model of its own, so the Samara indicators'
// models can change shape (precomputed counters) without touching these.
//
// Years are the region's calendar years: of the event's time for a deficit, an attempt and an
// enrollment; of the date the event names for a course's end; the trajectory's own year.

/** `${teacherId}:${year}:${competency}:${source}` (the profile stream): one per diagnostic source. */
const deficits = new Schema(
  {
    _id: String,
    region: String,
    municipalityId: String,
    teacherId: String,
    competency: String,
    source: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1 });

/** An instrument a teacher took: by attemptId (the attempt's stream). */
const attempts = new Schema(
  { _id: String, region: String, municipalityId: String, teacherId: String, year: Number },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1, year: 1 });

/** The route (ИОМ) a teacher accepted for a year: `${teacherId}:${year}` (the trajectory's stream). */
const trajectories = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    teacherId: String,
    year: Number,
    programItems: Number,
  },
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
    offeringId: String,
    teacherId: String,
    programId: String,
    route: String,
    status: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1, status: 1 })
  .index({ organizationId: 1, year: 1, status: 1 });

/**
 * How a course ended: `completed:<enrollmentId>` or `not-completed:<applicationId>` (two events of
 * different streams, kept apart so neither's position guards the other's).
 */
const courseEnds = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    teacherId: String,
    programId: String,
    outcome: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ organizationId: 1, year: 1 });

/** A program at its latest revision, with what the quality rows and the recommendations read. */
const programs = new Schema(
  {
    _id: String,
    region: String,
    title: String,
    kind: String,
    format: String,
    competencies: [String],
    targetPositions: [String],
    employerAssessment: Boolean,
    status: String,
  },
  { versionKey: false },
).index({ region: 1 });

export type IrbeyFactsCollection =
  'deficits' | 'attempts' | 'trajectories' | 'enrollments' | 'courseEnds' | 'programs';

export const irbeyFacts = defineProjection<CatalogEvent | DiagnosticsEvent | EnrollmentEvent>()({
  name: 'monitoring-irbey-facts',
  topics: [publicTopic('catalog'), publicTopic('diagnostics'), publicTopic('enrollment')],
  eventTypes: [
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'catalog.ProgramReturned',
    'catalog.ProgramRejected',
    'catalog.ProgramArchived',
    'diagnostics.DeficitFound',
    'diagnostics.AttemptScored',
    'diagnostics.TrajectoryAccepted',
    'enrollment.EnrollmentConfirmed',
    'enrollment.EnrollmentCancelled',
    'enrollment.CourseCompleted',
    'enrollment.CourseNotCompleted',
  ],
  collections: { deficits, attempts, trajectories, enrollments, courseEnds, programs },

  project(event): DocumentChange<IrbeyFactsCollection>[] {
    const change = (collection: IrbeyFactsCollection, id: string, set: Record<string, unknown>) => [
      { collection, id, position: event.streamPosition, set },
    ];
    switch (event.type) {
      case 'catalog.ProgramSubmitted':
      case 'catalog.ProgramApproved': {
        const { programId, region, title, kind, format, competencies, targetPositions, employerAssessment } =
          event.data;
        return change('programs', programId, {
          region,
          title,
          kind,
          format,
          competencies: [...competencies],
          targetPositions: [...targetPositions],
          employerAssessment,
          status: event.type === 'catalog.ProgramApproved' ? 'approved' : 'submitted',
        });
      }
      case 'catalog.ProgramReturned':
        return change('programs', event.data.programId, { region: event.data.region, status: 'returned' });
      case 'catalog.ProgramRejected':
        return change('programs', event.data.programId, { region: event.data.region, status: 'rejected' });
      case 'catalog.ProgramArchived':
        return change('programs', event.data.programId, { region: event.data.region, status: 'archived' });
      case 'diagnostics.DeficitFound': {
        const { teacherId, region, municipalityId, competency, source } = event.data;
        const year = regionYearOf(region, event.time);
        return change('deficits', `${teacherId}:${year}:${competency}:${source}`, {
          region,
          municipalityId,
          teacherId,
          competency,
          source,
          year,
        });
      }
      case 'diagnostics.AttemptScored': {
        const { attemptId, teacherId, region, municipalityId } = event.data;
        return change('attempts', attemptId, {
          region,
          municipalityId,
          teacherId,
          year: regionYearOf(region, event.time),
        });
      }
      case 'diagnostics.TrajectoryAccepted': {
        const { teacherId, region, organizationId, year, items } = event.data;
        return change('trajectories', `${teacherId}:${year}`, {
          region,
          organizationId,
          teacherId,
          year,
          programItems: items.filter((item) => item.kind === 'program').length,
        });
      }
      case 'enrollment.EnrollmentConfirmed': {
        const { applicationId, region, organizationId, offeringId, teacherId, programId, route } = event.data;
        return change('enrollments', applicationId, {
          region,
          organizationId,
          offeringId,
          teacherId,
          programId,
          route,
          status: 'confirmed',
          year: regionYearOf(region, event.time),
        });
      }
      case 'enrollment.EnrollmentCancelled':
        // the year, school and group stay those of the confirmation
        return change('enrollments', event.data.applicationId, {
          region: event.data.region,
          status: 'cancelled',
        });
      case 'enrollment.CourseCompleted': {
        const { enrollmentId, region, organizationId, teacherId, programId, completedOn } = event.data;
        return change('courseEnds', `completed:${enrollmentId}`, {
          region,
          organizationId,
          teacherId,
          programId,
          outcome: 'completed',
          year: regionYearOf(region, completedOn),
        });
      }
      case 'enrollment.CourseNotCompleted': {
        const { applicationId, region, organizationId, teacherId, programId, endedOn } = event.data;
        return change('courseEnds', `not-completed:${applicationId}`, {
          region,
          organizationId,
          teacherId,
          programId,
          outcome: 'not-completed',
          year: regionYearOf(region, endedOn),
        });
      }
      default:
        return [];
    }
  },
});

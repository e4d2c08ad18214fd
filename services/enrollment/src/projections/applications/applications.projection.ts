import { createHash } from 'node:crypto';
import { type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// The applications other people look for across offerings: the ministry's list by route and
// status, a school's staff in training, a teacher's history. One document per application, written
// only by its offering's group stream (every event below is appended there), so the stream
// position guards it (docs/read-models.md, rule 1).
//
// Built from enrollment's PUBLIC topic, like every read model of the platform: the projection kit
// reads topics, and the relay never publishes the group's private steps (ApplicationSubmitted,
// ApplicationApproved, ApplicationClosed…). So an application shows here from the moment another
// system could know of it — its voucher block asked for, or its enrollment confirmed — and not
// while it waits for the school's approval or in the waitlist; those are read per offering from
// the group's stream (GET /offerings/:id/group). services/enrollment/README.md says why.

/** Where an application stands, as the public events tell it. */
export const APPLICATION_STATUSES = [
  'awaiting-block',
  'confirmed',
  'cancelled',
  'completed',
  'dropped-out',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses of a teacher still in training (enrolled or about to be): a school's "staff in training". */
export const IN_TRAINING: readonly ApplicationStatus[] = ['awaiting-block', 'confirmed'];

/** Shards a large result is paged by: the first hex digit of a hash of the application's id. */
export const SHARDS = Array.from({ length: 16 }, (_, n) => n.toString(16));
export const shardOf = (applicationId: string) =>
  createHash('sha256').update(applicationId).digest('hex').slice(0, 1);

const applications = new Schema(
  {
    _id: String,
    region: String,
    teacherId: String,
    organizationId: String,
    offeringId: String,
    programId: String,
    providerId: String,
    route: String,
    status: String,
    /** Why it ended (a stable code, then the words in Russian); absent while live. */
    code: String,
    reason: String,
    kind: String,
    hours: Number,
    completedOn: String,
    certificateNumber: String,
    /** When the latest public event about it happened, and its month (an equality for the ministry). */
    updatedAt: String,
    month: String,
    s1: String,
  },
  { versionKey: false },
)
  // every equality a query filters by (each gets its GIN twin on FerretDB)
  .index({ region: 1 })
  .index({ route: 1 })
  .index({ status: 1 })
  .index({ organizationId: 1 })
  .index({ providerId: 1 })
  .index({ offeringId: 1 })
  .index({ teacherId: 1 })
  .index({ month: 1 })
  .index({ s1: 1 });

export const enrollmentApplications = defineProjection<EnrollmentEvent>()({
  name: 'enrollment-applications',
  topics: [publicTopic('enrollment')],
  eventTypes: [
    'enrollment.VoucherBlockRequested',
    'enrollment.EnrollmentConfirmed',
    'enrollment.EnrollmentCancelled',
    'enrollment.ApplicationCancelled',
    'enrollment.CourseCompleted',
    'enrollment.LearnerDroppedOut',
  ],
  collections: { enrollment_applications: applications },

  project(event): DocumentChange<'enrollment_applications'>[] {
    const at = { updatedAt: event.time, month: event.time.slice(0, 7) };
    const change = (applicationId: string, set: Record<string, unknown>) => [
      {
        collection: 'enrollment_applications' as const,
        id: applicationId,
        position: event.streamPosition,
        set: { ...set, ...at, s1: shardOf(applicationId) },
      },
    ];
    switch (event.type) {
      case 'enrollment.VoucherBlockRequested': {
        const { applicationId, teacherId, region, organizationId, offeringId, programId, providerId } =
          event.data;
        return change(applicationId, {
          ...{ teacherId, region, organizationId, offeringId, programId, providerId },
          route: 'voucher',
          status: 'awaiting-block',
        });
      }
      case 'enrollment.EnrollmentConfirmed': {
        const { applicationId, ...fields } = event.data;
        return change(applicationId, { ...fields, status: 'confirmed' });
      }
      case 'enrollment.EnrollmentCancelled': {
        const { applicationId, code, reason } = event.data;
        return change(applicationId, { status: 'cancelled', code, reason });
      }
      case 'enrollment.ApplicationCancelled': {
        // Also published beside an EnrollmentCancelled (which gave the code) and again as the
        // compensation for a block reserved too late: the status and the words only, never the code.
        const { applicationId, reason } = event.data;
        return change(applicationId, { status: 'cancelled', reason });
      }
      case 'enrollment.CourseCompleted': {
        const { enrollmentId, ...fields } = event.data;
        return change(enrollmentId, { ...fields, status: 'completed' });
      }
      case 'enrollment.LearnerDroppedOut': {
        const { applicationId, reason } = event.data;
        return change(applicationId, { status: 'dropped-out', reason });
      }
      default:
        return [];
    }
  },
});

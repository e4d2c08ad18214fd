import { type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Attendance as enrollment records it, for the fraud signal "redemption without attendance recorded".
// Only kept, never acted on: attendance changes no voucher, block or payable, so it is a read model
// over enrollment's topic rather than a reaction issuing commands. One document per application,
// written by that application's stream alone (docs/read-models.md, rule 1): each record carries the
// hours attended so far and replaces the previous one, and the stream position keeps the latest.

const attendance = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    hoursAttended: Number,
    hoursPlanned: Number,
    recordedAt: String,
  },
  { versionKey: false },
).index({ region: 1 });

export const attendanceRecords = defineProjection<EnrollmentEvent>()({
  name: 'vouchers-attendance',
  topics: [publicTopic('enrollment')],
  eventTypes: ['enrollment.AttendanceRecorded'],
  collections: { attendance },

  project(event): DocumentChange<'attendance'>[] {
    if (event.type !== 'enrollment.AttendanceRecorded') return [];
    const { applicationId, region, providerId, hoursAttended, hoursPlanned, recordedAt } = event.data;
    return [
      {
        collection: 'attendance',
        id: applicationId,
        position: event.streamPosition,
        set: { region, providerId, hoursAttended, hoursPlanned, recordedAt },
      },
    ];
  },
});

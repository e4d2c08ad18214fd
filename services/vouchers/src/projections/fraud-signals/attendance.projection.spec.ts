import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { attendanceRecords } from './attendance.projection';

describe('attendance projection', () => {
  const subject = 'enrollment-6c9e2a4f-8b1d-4f73-a5c2-0e7d9b3f1a56';

  it('keeps the latest attendance of an application, with no name of the learner', () => {
    const first = publishedEvent(
      'enrollment.AttendanceRecorded',
      { hoursAttended: 12, recordedAt: '2026-03-10T15:00:00.000Z' },
      { subject, position: 2 },
    );
    const latest = publishedEvent(
      'enrollment.AttendanceRecorded',
      { hoursAttended: 34, recordedAt: '2026-04-16T16:19:42.000Z' },
      { subject, position: 3 },
    );
    const { applicationId, region, providerId, hoursPlanned } = latest.data;
    projectionSpec(attendanceRecords)
      .given([first, latest])
      .then('attendance', [
        {
          _id: applicationId,
          region,
          providerId,
          hoursAttended: 34,
          hoursPlanned,
          recordedAt: '2026-04-16T16:19:42.000Z',
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('ignores enrollment’s other events', () => {
    projectionSpec(attendanceRecords)
      .given([publishedEvent('enrollment.CourseCompleted', {}, { subject, position: 4 })])
      .then('attendance', [])
      .thenRedeliveryChangesNothing();
  });
});

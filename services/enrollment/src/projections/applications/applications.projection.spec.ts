import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { enrollmentApplications, shardOf } from './applications.projection';

// Given the public events of one offering's group stream, then the application's document.

const offeringId = '4b2e8d1a-6c3f-4a95-b7e0-2d9f1c5a8e36';
const subject = `group-${offeringId}`;
const applicationId = '6c9e2a4f-8b1d-4f73-a5c2-0e7d9b3f1a56';
const ids = {
  applicationId,
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: '7e2c9a4b-1d6f-4b83-a5e7-3c9d1f6b8a24',
  offeringId,
  programId: '2d8f4b6a-9c1e-4e73-b5a2-6f1d3c8e9b47',
  providerId: '5a3c7e1f-2b9d-4f68-a4c1-8e6b2d9f3a15',
};
const at = (position: number, time: string) => ({ subject, position, time });

describe('enrollment applications projection', () => {
  const requested = publishedEvent(
    'enrollment.VoucherBlockRequested',
    { ...ids, requestId: applicationId },
    at(3, '2026-03-09T10:00:00.000Z'),
  );
  const confirmed = publishedEvent(
    'enrollment.EnrollmentConfirmed',
    { ...ids, route: 'voucher' },
    at(5, '2026-03-10T08:15:00.000Z'),
  );

  it('a voucher application: asked for its block, then confirmed', () => {
    projectionSpec(enrollmentApplications)
      .given([requested, confirmed])
      .then('enrollment_applications', [
        {
          _id: applicationId,
          teacherId: ids.teacherId,
          region: '63',
          organizationId: ids.organizationId,
          offeringId,
          programId: ids.programId,
          providerId: ids.providerId,
          route: 'voucher',
          status: 'confirmed',
          updatedAt: '2026-03-10T08:15:00.000Z',
          month: '2026-03',
          s1: shardOf(applicationId),
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('a confirmed enrollment cancelled keeps the code of EnrollmentCancelled beside the ApplicationCancelled', () => {
    const cancelled = publishedEvent(
      'enrollment.EnrollmentCancelled',
      {
        applicationId,
        teacherId: ids.teacherId,
        region: '63',
        offeringId,
        providerId: ids.providerId,
        code: 'group-below-minimum',
        reason: 'группа не набрана: 1 из минимальных 3 мест',
      },
      at(7, '2026-04-01T00:00:00.000Z'),
    );
    const released = publishedEvent(
      'enrollment.ApplicationCancelled',
      {
        applicationId,
        teacherId: ids.teacherId,
        region: '63',
        reason: 'группа не набрана: 1 из минимальных 3 мест',
      },
      at(8, '2026-04-01T00:00:00.000Z'),
    );
    projectionSpec(enrollmentApplications)
      .given([requested, confirmed, cancelled, released])
      .thenDocument('enrollment_applications', applicationId, {
        status: 'cancelled',
        code: 'group-below-minimum',
        reason: 'группа не набрана: 1 из минимальных 3 мест',
        route: 'voucher',
        month: '2026-04',
      })
      .thenRedeliveryChangesNothing();
  });

  it('a voucher application refused by vouchers ends cancelled with vouchers’ words', () => {
    const refused = publishedEvent(
      'enrollment.ApplicationCancelled',
      {
        applicationId,
        teacherId: ids.teacherId,
        region: '63',
        reason: 'на сертификате недостаточно средств',
      },
      at(4, '2026-03-09T10:05:00.000Z'),
    );
    projectionSpec(enrollmentApplications)
      .given([requested, refused])
      .thenDocument('enrollment_applications', applicationId, {
        status: 'cancelled',
        reason: 'на сертификате недостаточно средств',
        organizationId: ids.organizationId,
      });
  });

  it('a completion records the document, and an older event arriving late changes nothing', () => {
    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      {
        enrollmentId: applicationId,
        teacherId: ids.teacherId,
        region: '63',
        organizationId: ids.organizationId,
        offeringId,
        programId: ids.programId,
        providerId: ids.providerId,
        kind: 'retraining',
        hours: 256,
        completedOn: '2026-06-30',
        certificateNumber: '632400000123',
      },
      at(9, '2026-06-30T12:00:00.000Z'),
    );
    projectionSpec(enrollmentApplications)
      .given([requested, completed, confirmed])
      .thenDocument('enrollment_applications', applicationId, {
        status: 'completed',
        route: 'voucher',
        kind: 'retraining',
        hours: 256,
        completedOn: '2026-06-30',
        certificateNumber: '632400000123',
        month: '2026-06',
      })
      .thenRedeliveryChangesNothing();
  });
});

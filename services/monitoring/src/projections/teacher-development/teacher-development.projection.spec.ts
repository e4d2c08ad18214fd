import { randomUUID } from 'node:crypto';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { teacherDevelopment } from './teacher-development.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const profile = { subject: `profile-${teacherId}` };

describe('teacher development projection', () => {
  it('keeps one deficit per teacher, competency and year, in the year of the region’s clock', () => {
    const found = (competency: 'R/01' | 'A/01.6', position: number, time: string) =>
      publishedEvent(
        'diagnostics.DeficitFound',
        { teacherId, region: '63', municipalityId, organizationId, competency },
        { ...profile, position, time },
      );
    projectionSpec(teacherDevelopment)
      .given([
        found('R/01', 3, '2026-01-20T10:30:00.000Z'),
        found('A/01.6', 4, '2026-01-20T10:30:01.000Z'),
        // 22:00 UTC on 31 December is already 1 January in Samara (UTC+4): next year's deficit
        found('R/01', 9, '2026-12-31T22:00:00.000Z'),
      ])
      .then('deficits', [
        {
          _id: `${teacherId}:2026:A/01.6`,
          region: '63',
          municipalityId,
          organizationId,
          teacherId,
          competency: 'A/01.6',
          year: 2026,
        },
        {
          _id: `${teacherId}:2026:R/01`,
          region: '63',
          municipalityId,
          organizationId,
          teacherId,
          competency: 'R/01',
          year: 2026,
        },
        {
          _id: `${teacherId}:2027:R/01`,
          region: '63',
          municipalityId,
          organizationId,
          teacherId,
          competency: 'R/01',
          year: 2027,
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('keeps one trajectory per teacher and year, with the school that resolves its municipality', () => {
    const proposed = publishedEvent(
      'diagnostics.TrajectoryProposed',
      { teacherId, region: '63', organizationId, year: 2026 },
      { subject: `trajectory-${teacherId}-2026`, position: 0 },
    );
    projectionSpec(teacherDevelopment)
      .given([proposed])
      .then('trajectories', [
        { _id: `${teacherId}:2026`, region: '63', organizationId, teacherId, year: 2026 },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('marks a confirmed enrollment cancelled and keeps the year and school of its confirmation', () => {
    const applicationId = '6c9e2a4f-8b1d-4f73-a5c2-0e7d9b3f1a56';
    const group = { subject: 'group-4b2e8d1a-6c3f-4a95-b7e0-2d9f1c5a8e36' };
    const confirmed = publishedEvent(
      'enrollment.EnrollmentConfirmed',
      { applicationId, teacherId, region: '63', organizationId, route: 'voucher' },
      { ...group, position: 2, time: '2026-03-01T08:00:00.000Z' },
    );
    const cancelled = publishedEvent(
      'enrollment.EnrollmentCancelled',
      { applicationId, teacherId, region: '63' },
      { ...group, position: 5, time: '2027-01-10T08:00:00.000Z' },
    );
    projectionSpec(teacherDevelopment)
      .given([confirmed, cancelled])
      .thenDocument('enrollments', applicationId, {
        status: 'cancelled',
        year: 2026,
        organizationId,
        route: 'voucher',
      })
      .thenRedeliveryChangesNothing();
  });

  it('records a completion in the year of its date and a dropout beside it', () => {
    const [e1, e2, p1] = [randomUUID(), randomUUID(), randomUUID()];
    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      {
        enrollmentId: e1,
        teacherId,
        region: '63',
        organizationId,
        programId: p1,
        completedOn: '2026-11-20',
      },
      { subject: `enrollment-${e1}`, position: 6 },
    );
    const dropped = publishedEvent(
      'enrollment.LearnerDroppedOut',
      { applicationId: e2, teacherId, region: '63', droppedOn: '2027-02-01' },
      { subject: `enrollment-${e2}`, position: 4 },
    );
    projectionSpec(teacherDevelopment)
      .given([completed, dropped])
      .thenDocument('outcomes', e1, { outcome: 'completed', year: 2026, programId: p1, organizationId })
      .thenDocument('outcomes', e2, { outcome: 'dropped-out', year: 2027, teacherId })
      .thenRedeliveryChangesNothing();
  });

  it('keeps the category a teacher holds with the year it was awarded, and none for a teacher without one', () => {
    const teacher = { subject: `teacher-${teacherId}` };
    const registered = publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId, region: '63', municipalityId, category: 'first', categorySince: '2025-04-01' },
      { ...teacher, position: 0 },
    );
    const raised = publishedEvent(
      'diagnostics.TeacherUpdated',
      { teacherId, region: '63', municipalityId, category: 'highest', categorySince: '2026-03-20' },
      { ...teacher, position: 1 },
    );
    const other = randomUUID();
    const without = publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId: other, region: '63', municipalityId, category: 'none', categorySince: null },
      { subject: `teacher-${other}` },
    );
    projectionSpec(teacherDevelopment)
      .given([registered, raised, without])
      .then('categoryAwards', [
        { _id: `${teacherId}:first`, region: '63', municipalityId, teacherId, category: 'first', year: 2025 },
        {
          _id: `${teacherId}:highest`,
          region: '63',
          municipalityId,
          teacherId,
          category: 'highest',
          year: 2026,
        },
      ])
      .thenRedeliveryChangesNothing();
  });
});

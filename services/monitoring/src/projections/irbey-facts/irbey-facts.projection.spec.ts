import type { DeficitFoundV1, TrajectoryAcceptedV1 } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { irbeyFacts } from './irbey-facts.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const applicationId = '6c9e2a4f-8b1d-4f73-a5c2-0e7d9b3f1a56';
const offeringId = '4b2e8d1a-6c3f-4a95-b7e0-2d9f1c5a8e36';
const programId = '2d8f4b6a-9c1e-4e73-b5a2-6f1d3c8e9b47';

describe('Irbey facts projection', () => {
  it('keeps a deficit per diagnostic source, in the year of the region’s clock', () => {
    const found = (source: DeficitFoundV1['source'], position: number, time: string) =>
      publishedEvent(
        'diagnostics.DeficitFound',
        { teacherId, region: '24', municipalityId, organizationId, competency: 'R/01', source },
        { subject: `profile-${teacherId}`, position, time },
      );
    projectionSpec(irbeyFacts)
      .given([
        found('exam-analysis', 1, '2026-02-10T09:00:00.000Z'),
        found('federal-assessment', 2, '2026-03-10T09:00:00.000Z'),
        // 18:00 UTC on 31 December is 1 January in Krasnoyarsk (UTC+7)
        found('exam-analysis', 3, '2026-12-31T18:00:00.000Z'),
      ])
      .then('deficits', [
        ...[
          [2026, 'exam-analysis'],
          [2026, 'federal-assessment'],
          [2027, 'exam-analysis'],
        ].map(([year, source]) => ({
          _id: `${teacherId}:${year}:R/01:${source}`,
          region: '24',
          municipalityId,
          teacherId,
          competency: 'R/01',
          source,
          year,
        })),
      ])
      .thenRedeliveryChangesNothing();
  });

  it('keeps an enrollment with its group and funding until cancelled, and both ways a course ends', () => {
    const group = { subject: `group-${offeringId}` };
    projectionSpec(irbeyFacts)
      .given([
        publishedEvent(
          'enrollment.EnrollmentConfirmed',
          {
            applicationId,
            teacherId,
            region: '63',
            organizationId,
            offeringId,
            programId,
            route: 'employer',
          },
          { ...group, position: 4, time: '2026-03-02T09:00:00.000Z' },
        ),
        publishedEvent(
          'enrollment.EnrollmentCancelled',
          { applicationId, region: '63' },
          { ...group, position: 7 },
        ),
        publishedEvent(
          'enrollment.CourseNotCompleted',
          {
            applicationId,
            teacherId,
            region: '63',
            organizationId,
            offeringId,
            programId,
            endedOn: '2026-04-20',
          },
          { ...group, position: 41 },
        ),
      ])
      .then('enrollments', [
        {
          _id: applicationId,
          region: '63',
          organizationId,
          offeringId,
          teacherId,
          programId,
          route: 'employer',
          status: 'cancelled',
          year: 2026,
        },
      ])
      .then('courseEnds', [
        {
          _id: `not-completed:${applicationId}`,
          region: '63',
          organizationId,
          teacherId,
          programId,
          outcome: 'not-completed',
          year: 2026,
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('counts the courses of an accepted route, and keeps what the quality rows read of a program', () => {
    const item = (
      kind: TrajectoryAcceptedV1['items'][number]['kind'],
      id: string | null,
    ): TrajectoryAcceptedV1['items'][number] => ({
      itemId: `9f3b7d2e-4a6c-4e81-b0d5-1c8e6a2f4b9${kind.length % 10}`,
      kind,
      programId: id,
      title: 'пункт',
      competencies: ['R/01'],
      status: 'planned',
    });
    projectionSpec(irbeyFacts)
      .given([
        publishedEvent(
          'diagnostics.TrajectoryAccepted',
          {
            teacherId,
            region: '63',
            organizationId,
            year: 2026,
            items: [item('program', programId), item('mentoring', null)],
          },
          { subject: `trajectory-${teacherId}-2026`, position: 1 },
        ),
        publishedEvent(
          'catalog.ProgramApproved',
          {
            programId,
            region: '63',
            title: 'Наставничество в школе',
            format: 'distance',
            kind: 'advanced-training',
            competencies: ['R/05'],
            targetPositions: ['teacher', 'methodist'],
            employerAssessment: true,
          },
          { subject: `program-${programId}`, position: 6 },
        ),
        publishedEvent(
          'catalog.ProgramArchived',
          { programId, region: '63' },
          { subject: `program-${programId}`, position: 9 },
        ),
      ])
      .then('trajectories', [
        { _id: `${teacherId}:2026`, region: '63', organizationId, teacherId, year: 2026, programItems: 1 },
      ])
      .then('programs', [
        {
          _id: programId,
          region: '63',
          title: 'Наставничество в школе',
          kind: 'advanced-training',
          format: 'distance',
          competencies: ['R/05'],
          targetPositions: ['teacher', 'methodist'],
          employerAssessment: true,
          status: 'archived',
        },
      ])
      .thenRedeliveryChangesNothing();
  });
});

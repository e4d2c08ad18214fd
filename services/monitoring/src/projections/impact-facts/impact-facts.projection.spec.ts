import type { CompetencyCode } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { impactFacts } from './impact-facts.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const attemptId = '9b2e4c71-3d5a-4f86-b1e0-6c7d8a9f0e12';
const resultId = '5c8d2e14-6a7b-4c39-8d1f-2e3a4b5c6d70';
const programId = 'a1d6e3f2-8b4c-4d7a-9e15-0f2c3b4a5d68';
const providerId = 'e4b7c2a9-1d3f-4e68-b5a0-7c9d8e2f1a36';
const enrollmentId = '7e1f9a2b-4c6d-4a83-9b05-1d2c3e4f5a69';

describe('impact facts projection', () => {
  it('keeps every score a diagnostic observed, on the region’s day, one per evidence and competency', () => {
    projectionSpec(impactFacts)
      .given([
        publishedEvent(
          'diagnostics.AttemptScored',
          {
            attemptId,
            teacherId,
            region: '63',
            scores: [
              { competency: 'R/01', score: 40, deficit: true },
              { competency: 'A/01.6', score: 90, deficit: false },
            ],
          },
          // 21:00 UTC on 9 March is already 10 March in Samara (UTC+4)
          { subject: `attempt-${attemptId}`, time: '2026-03-09T21:00:00.000Z' },
        ),
        publishedEvent(
          'diagnostics.ExternalResultRecorded',
          {
            resultId,
            teacherId,
            region: '63',
            recordedOn: '2026-05-01',
            scores: [{ competency: 'R/01', score: 75, deficit: false }],
          },
          { subject: `external-result-${resultId}` },
        ),
      ])
      .then('scores', [
        {
          _id: `${resultId}:R/01`,
          region: '63',
          teacherId,
          competency: 'R/01',
          observedOn: '2026-05-01',
          deficit: false,
        },
        {
          _id: `${attemptId}:A/01.6`,
          region: '63',
          teacherId,
          competency: 'A/01.6',
          observedOn: '2026-03-10',
          deficit: false,
        },
        {
          _id: `${attemptId}:R/01`,
          region: '63',
          teacherId,
          competency: 'R/01',
          observedOn: '2026-03-10',
          deficit: true,
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('keeps a program’s latest revision and each completion with its year', () => {
    const program = (
      type: 'catalog.ProgramSubmitted' | 'catalog.ProgramApproved',
      position: number,
      competencies: CompetencyCode[],
    ) =>
      publishedEvent(
        type,
        { programId, providerId, region: '63', title: 'Функциональная грамотность', competencies },
        {
          subject: `program-${programId}`,
          position,
        },
      );
    projectionSpec(impactFacts)
      .given([
        program('catalog.ProgramSubmitted', 2, ['R/01']),
        program('catalog.ProgramApproved', 4, ['R/01', 'A/01.6']),
        publishedEvent(
          'enrollment.CourseCompleted',
          { enrollmentId, teacherId, region: '63', programId, providerId, completedOn: '2026-03-10' },
          { subject: `group-${enrollmentId}` },
        ),
      ])
      .then('programs', [
        {
          _id: programId,
          region: '63',
          providerId,
          title: 'Функциональная грамотность',
          competencies: ['R/01', 'A/01.6'],
        },
      ])
      .then('completions', [
        {
          _id: enrollmentId,
          region: '63',
          teacherId,
          programId,
          providerId,
          completedOn: '2026-03-10',
          year: 2026,
        },
      ])
      .thenRedeliveryChangesNothing();
  });
});

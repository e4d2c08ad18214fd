import { randomUUID } from 'node:crypto';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { regionFigures } from './region-figures.projection';

const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const program = { subject: `program-${programId}` };
const expertId = '0d7e3b95-6a2c-4f18-9b4d-e1c5a8f3d267';
const expert = { subject: `expert-${expertId}` };

describe('region figures projection', () => {
  it('follows a program through its lifecycle: the last status and competencies count', () => {
    const submitted = publishedEvent(
      'catalog.ProgramSubmitted',
      { programId, region: '63', competencies: ['R/01'] },
      { ...program, position: 1 },
    );
    const approved = publishedEvent(
      'catalog.ProgramApproved',
      { programId, region: '63', competencies: ['R/01', 'A/01.6'] },
      { ...program, position: 3 },
    );
    const archived = publishedEvent(
      'catalog.ProgramArchived',
      { programId, region: '63' },
      { ...program, position: 5 },
    );
    projectionSpec(regionFigures)
      .given([submitted, approved])
      .thenDocument('programs', programId, { status: 'approved', competencies: ['R/01', 'A/01.6'] })
      .thenRedeliveryChangesNothing();
    projectionSpec(regionFigures)
      .given([submitted, approved, archived])
      .thenDocument('programs', programId, { status: 'archived', competencies: ['R/01', 'A/01.6'] })
      .thenRedeliveryChangesNothing();
  });

  it('counts an expert as active until deactivated, and again once reactivated', () => {
    const registered = publishedEvent(
      'expertise.ExpertRegistered',
      { expertId, region: '63' },
      { ...expert, position: 0 },
    );
    const deactivated = publishedEvent(
      'expertise.ExpertDeactivated',
      { expertId, region: '63' },
      { ...expert, position: 1 },
    );
    const reactivated = publishedEvent(
      'expertise.ExpertReactivated',
      { expertId, region: '63' },
      { ...expert, position: 2 },
    );
    projectionSpec(regionFigures)
      .given([registered, deactivated])
      .thenDocument('experts', expertId, { active: false })
      .thenRedeliveryChangesNothing();
    projectionSpec(regionFigures)
      .given([registered, deactivated, reactivated])
      .thenDocument('experts', expertId, { active: true })
      .thenRedeliveryChangesNothing();
  });

  it('keeps a teacher, a school and a review decision with the year it was decided', () => {
    const [t1, m1, o1, c1] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const teacher = publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId: t1, municipalityId: m1 },
      { subject: `teacher-${t1}` },
    );
    const school = publishedEvent(
      'catalog.OrganizationRegistered',
      { organizationId: o1, municipalityId: m1 },
      { subject: 'organization-o1' },
    );
    const decided = publishedEvent(
      'expertise.ReviewDecided',
      { caseId: c1, region: '63', outcome: 'returned' },
      { subject: 'review-case-c1', position: 4, time: '2026-05-02T09:00:00.000Z' },
    );
    projectionSpec(regionFigures)
      .given([teacher, school, decided])
      .thenDocument('teachers', t1, { municipalityId: m1, region: '63' })
      .thenDocument('organizations', o1, { municipalityId: m1 })
      .thenDocument('reviews', c1, { outcome: 'returned', year: 2026 })
      .thenRedeliveryChangesNothing();
  });
});

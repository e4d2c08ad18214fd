import { goldenExample } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { coverageId, FRAMEWORK_CODES, programReplica } from './program-replica.projection';

const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const onProgram = (position: number) => ({ subject: `program-${programId}`, position });
const golden = goldenExample('catalog.ProgramApproved').data;

const approved = publishedEvent(
  'catalog.ProgramApproved',
  { programId, providerId, revision: 2 },
  onProgram(6),
);
const archived = publishedEvent('catalog.ProgramArchived', { programId, providerId }, onProgram(7));

/** The card fields a covering program's coverage document carries for the recommendation. */
const card = {
  title: golden.title,
  kind: 'advanced-training',
  hours: 36,
  competencies: ['R/01', 'A/01.6'],
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  voucherEligible: true,
};
/** One coverage document per framework competency, ordered by id as the read model lists them. */
const coverage = (covers: (competency: string) => Record<string, unknown>) =>
  FRAMEWORK_CODES.map((competency) => ({
    _id: coverageId(programId, competency),
    programId,
    region: '63',
    competency,
    ...covers(competency),
  })).sort((a, b) => (a._id < b._id ? -1 : 1));

describe('program replica projection', () => {
  it('keeps the approved card and one coverage document per framework competency', () => {
    projectionSpec(programReplica)
      .given([approved])
      .then('trajectory_programs', [
        {
          _id: programId,
          ...card,
          region: '63',
          providerId,
          revision: 2,
          format: 'blended',
          subjects: ['physics', 'chemistry', 'biology'],
          approved: true,
        },
      ])
      .then(
        'trajectory_program_coverage',
        coverage((competency) =>
          ['R/01', 'A/01.6'].includes(competency) ? { covering: true, ...card } : { covering: false },
        ),
      )
      .thenRedeliveryChangesNothing();
  });

  it('moves the coverage to the competencies of a newly approved revision', () => {
    const revised = publishedEvent(
      'catalog.ProgramApproved',
      { programId, providerId, revision: 3, competencies: ['B/04.6'] },
      onProgram(9),
    );
    const scenario = projectionSpec(programReplica)
      .given([approved, revised])
      .thenDocument('trajectory_programs', programId, {
        revision: 3,
        competencies: ['B/04.6'],
        approved: true,
      });
    expect(
      scenario
        .documents('trajectory_program_coverage')
        .filter((document) => document['covering'])
        .map((document) => document['competency']),
    ).toEqual(['B/04.6']);
    scenario.thenRedeliveryChangesNothing();
  });

  it('takes an archived program out of the register and out of every competency it covered', () => {
    const scenario = projectionSpec(programReplica)
      .given([approved, archived])
      .thenDocument('trajectory_programs', programId, { approved: false, revision: 2 });
    expect(scenario.documents('trajectory_program_coverage')).toHaveLength(FRAMEWORK_CODES.length);
    expect(scenario.documents('trajectory_program_coverage').every((c) => c['covering'] === false)).toBe(
      true,
    );
    scenario.thenRedeliveryChangesNothing();
  });

  it('keeps the kind of each organization of the directory, as updated', () => {
    const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
    const onOrganization = (position: number) => ({ subject: `organization-${organizationId}`, position });
    const registered = publishedEvent(
      'catalog.OrganizationRegistered',
      { organizationId, kind: 'preschool' },
      onOrganization(0),
    );
    const updated = publishedEvent(
      'catalog.OrganizationUpdated',
      { organizationId, kind: 'school' },
      onOrganization(1),
    );
    projectionSpec(programReplica)
      .given([registered])
      .then('trajectory_organizations', [{ _id: organizationId, region: '63', kind: 'preschool' }])
      .thenRedeliveryChangesNothing();
    projectionSpec(programReplica)
      .given([registered, updated])
      .then('trajectory_organizations', [{ _id: organizationId, region: '63', kind: 'school' }])
      .thenRedeliveryChangesNothing();
  });

  it('passes over programs still in review', () => {
    const submitted = publishedEvent('catalog.ProgramSubmitted', { programId, providerId }, onProgram(2));
    projectionSpec(programReplica)
      .given([submitted])
      .then('trajectory_programs', [])
      .then('trajectory_program_coverage', []);
  });
});

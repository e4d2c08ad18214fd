import { goldenExample } from '@pk/contracts';
import { FRAMEWORK_CODES, programReplica } from './program-replica.projection';

describe('program replica projection', () => {
  const approved = goldenExample('catalog.ProgramApproved');
  const { programId } = approved.data;

  it('keeps the approved card and one coverage document per framework competency', () => {
    const changes = programReplica.project(approved);
    expect(changes[0]).toEqual({
      collection: 'trajectory_programs',
      id: programId,
      position: 6,
      set: expect.objectContaining({ region: '63', hours: 36, voucherEligible: true, approved: true }),
    });
    const coverage = changes.slice(1);
    expect(coverage.map((c) => c.id)).toEqual(FRAMEWORK_CODES.map((code) => `${programId}/${code}`));
    expect(coverage.every((c) => c.collection === 'trajectory_program_coverage' && c.position === 6)).toBe(
      true,
    );
    expect(coverage.filter((c) => c.set['covering']).map((c) => c.set['competency'])).toEqual([
      'A/01.6',
      'R/01',
    ]);
    expect(coverage.find((c) => c.set['competency'] === 'R/01')!.set).toEqual({
      programId,
      region: '63',
      competency: 'R/01',
      covering: true,
      title: approved.data.title,
      kind: 'advanced-training',
      hours: 36,
      competencies: ['R/01', 'A/01.6'],
      targetPositions: ['teacher'],
      organizationTypes: ['school'],
      voucherEligible: true,
    });
  });

  it('takes an archived program out of the register and out of every competency it covered', () => {
    const changes = programReplica.project(goldenExample('catalog.ProgramArchived'));
    expect(changes[0]).toEqual({
      collection: 'trajectory_programs',
      id: programId,
      position: 7,
      set: { approved: false },
    });
    expect(changes.slice(1)).toHaveLength(FRAMEWORK_CODES.length);
    expect(changes.slice(1).every((c) => c.set['covering'] === false && c.position === 7)).toBe(true);
  });

  it('keeps the kind of each organization of the directory', () => {
    const registered = goldenExample('catalog.OrganizationRegistered');
    expect(programReplica.project(registered)).toEqual([
      {
        collection: 'trajectory_organizations',
        id: registered.data.organizationId,
        position: registered.streamPosition,
        set: { region: registered.data.region, kind: registered.data.kind },
      },
    ]);
  });
});

import { goldenExample } from '@pk/contracts';
import { trajectoryReplicas } from './trajectory-replicas.projection';

describe('trajectory replicas projection', () => {
  it('keeps a teacher’s place and position, and forgets them when the teacher is erased', () => {
    const registered = goldenExample('diagnostics.TeacherRegistered');
    const { teacherId, organizationId, municipalityId } = registered.data;
    expect(trajectoryReplicas.project(registered)).toEqual([
      {
        collection: 'trajectory_teachers',
        id: teacherId,
        position: 0,
        set: { region: '63', organizationId, municipalityId, position: 'teacher', erased: false },
      },
    ]);
    const erased = goldenExample('diagnostics.TeacherErased');
    expect(trajectoryReplicas.project(erased)).toEqual([
      {
        collection: 'trajectory_teachers',
        id: erased.data.teacherId,
        position: erased.streamPosition,
        set: {
          region: erased.data.region,
          organizationId: null,
          municipalityId: null,
          position: null,
          erased: true,
        },
      },
    ]);
  });

  it('follows the profile stream in one document per (teacher, competency), open until resolved', () => {
    const found = goldenExample('diagnostics.DeficitFound');
    const { teacherId, organizationId, municipalityId } = found.data;
    const place = { teacherId, region: '63', organizationId, municipalityId, competency: 'R/01' };
    expect(trajectoryReplicas.project(found)).toEqual([
      {
        collection: 'trajectory_deficits',
        id: `${teacherId}/R/01`,
        position: 0,
        set: { ...place, open: true },
      },
    ]);
    expect(trajectoryReplicas.project(goldenExample('diagnostics.DeficitResolved'))).toEqual([
      {
        collection: 'trajectory_deficits',
        id: `${teacherId}/R/01`,
        position: 1,
        set: { ...place, open: false },
      },
    ]);
  });
});

import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { deficitId, trajectoryReplicas } from './trajectory-replicas.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const place = { teacherId, region: '63', organizationId, municipalityId };
const onTeacher = (position: number) => ({ subject: `teacher-${teacherId}`, position });
const onProfile = (position: number) => ({ subject: `profile-${teacherId}`, position });

describe('trajectory replicas projection', () => {
  describe('teachers', () => {
    const registered = publishedEvent('diagnostics.TeacherRegistered', { ...place }, onTeacher(0));
    const teacher = {
      _id: teacherId,
      region: '63',
      organizationId,
      municipalityId,
      position: 'teacher',
      erased: false,
    };

    it('keeps a teacher’s place and position', () => {
      projectionSpec(trajectoryReplicas)
        .given([registered])
        .then('trajectory_teachers', [teacher])
        .thenRedeliveryChangesNothing();
    });

    it('follows a teacher to another school and position', () => {
      const newSchool = '9d4b7e21-5c3a-4f86-b0e2-7a1c5d9f3e48';
      const moved = publishedEvent(
        'diagnostics.TeacherUpdated',
        { ...place, organizationId: newSchool, position: 'methodist' },
        onTeacher(2),
      );
      projectionSpec(trajectoryReplicas)
        .given([registered, moved])
        .then('trajectory_teachers', [{ ...teacher, organizationId: newSchool, position: 'methodist' }])
        .thenRedeliveryChangesNothing();
    });

    it('forgets an erased teacher’s place, and keeps it erased when the registration arrives again', () => {
      const erased = publishedEvent('diagnostics.TeacherErased', { teacherId }, onTeacher(9));
      const forgotten = {
        _id: teacherId,
        region: '63',
        organizationId: null,
        municipalityId: null,
        position: null,
        erased: true,
      };
      projectionSpec(trajectoryReplicas).given([erased]).then('trajectory_teachers', [forgotten]);
      projectionSpec(trajectoryReplicas)
        .given([registered, erased])
        .then('trajectory_teachers', [forgotten])
        .thenRedeliveryChangesNothing();
    });
  });

  describe('deficits', () => {
    const found = (competency: 'R/01' | 'A/01.6', position: number) =>
      publishedEvent('diagnostics.DeficitFound', { ...place, competency }, onProfile(position));
    const resolved = publishedEvent(
      'diagnostics.DeficitResolved',
      { ...place, competency: 'R/01' },
      onProfile(2),
    );
    const deficit = (competency: string, open: boolean) => ({
      _id: deficitId(teacherId, competency),
      ...place,
      competency,
      open,
    });

    it('follows the profile stream in one document per (teacher, competency), open until resolved', () => {
      projectionSpec(trajectoryReplicas)
        .given([found('R/01', 0), found('A/01.6', 1)])
        .then('trajectory_deficits', [deficit('A/01.6', true), deficit('R/01', true)])
        .thenRedeliveryChangesNothing();
      projectionSpec(trajectoryReplicas)
        .given([found('R/01', 0), found('A/01.6', 1), resolved])
        .then('trajectory_deficits', [deficit('A/01.6', true), deficit('R/01', false)])
        .thenRedeliveryChangesNothing();
    });

    it('keeps a resolved deficit resolved when its finding arrives after the resolution', () => {
      projectionSpec(trajectoryReplicas)
        .given([resolved, found('R/01', 0)])
        .then('trajectory_deficits', [deficit('R/01', false)]);
    });
  });
});

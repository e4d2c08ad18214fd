import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { teacherReplica } from './teacher-replica.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipalityId = '7a1c3e59-2b8d-4f60-9c14-5e3a8d7b2f91';
const at = (position: number) => ({ subject: `teacher-${teacherId}`, position });

describe('teacher replica projection', () => {
  it("keeps a teacher's professional facts as diagnostics last published them", () => {
    projectionSpec(teacherReplica)
      .given([
        publishedEvent(
          'diagnostics.TeacherRegistered',
          { teacherId, organizationId, municipalityId, position: 'teacher', subjects: ['physics'] },
          at(0),
        ),
        publishedEvent(
          'diagnostics.TeacherUpdated',
          {
            teacherId,
            organizationId,
            municipalityId,
            position: 'methodist',
            subjects: ['mathematics'],
            workProfile: '',
          },
          at(1),
        ),
      ])
      .then('replica_teachers', [
        {
          _id: teacherId,
          region: '63',
          organizationId,
          municipalityId,
          position: 'methodist',
          subjects: ['mathematics'],
          workProfile: '',
          erased: false,
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('keeps of an erased teacher only the id, the region and the fact', () => {
    projectionSpec(teacherReplica)
      .given([
        publishedEvent('diagnostics.TeacherRegistered', { teacherId, organizationId, municipalityId }, at(0)),
        publishedEvent('diagnostics.TeacherErased', { teacherId, region: '63' }, at(1)),
      ])
      .thenDocument('replica_teachers', teacherId, {
        erased: true,
        position: null,
        organizationId: null,
        subjects: [],
      })
      .thenRedeliveryChangesNothing();
  });
});

import { goldenExample } from '@pk/contracts';
import type { TeacherErased, TeacherRegistered } from '@pk/contracts';
import { isOverdueOn, teacherRoster, trainingDueOn, yearsLater } from './teacher-roster.projection';

describe('teacher roster', () => {
  const registered = goldenExample('diagnostics.TeacherRegistered') as TeacherRegistered;

  it('keeps the professional record and when the next ПК is due, never a name', () => {
    expect(teacherRoster.project(registered)).toEqual([
      {
        collection: 'teachers',
        id: registered.data.teacherId,
        position: registered.streamPosition,
        set: {
          region: '63',
          organizationId: registered.data.organizationId,
          municipalityId: registered.data.municipalityId,
          position: 'teacher',
          subjects: ['physics'],
          workProfile: '',
          category: 'first',
          categorySince: '2022-04-15',
          education: 'higher-pedagogical',
          lastTrainingCompletedOn: '2022-11-30',
          trainingDueOn: '2025-11-30',
          erased: false,
          updatedAt: registered.time,
        },
      },
    ]);
  });

  it('marks an erased teacher and keeps nothing of the record but the region', () => {
    const erased = goldenExample('diagnostics.TeacherErased') as TeacherErased;
    expect(teacherRoster.project(erased)).toEqual([
      {
        collection: 'teachers',
        id: erased.data.teacherId,
        position: erased.streamPosition,
        set: {
          region: erased.data.region,
          organizationId: null,
          municipalityId: null,
          position: null,
          subjects: [],
          workProfile: null,
          category: null,
          categorySince: null,
          education: null,
          lastTrainingCompletedOn: null,
          trainingDueOn: null,
          erased: true,
          updatedAt: erased.time,
        },
      },
    ]);
  });

  it('counts a teacher overdue once the last ПК is more than three years back, or unknown', () => {
    const due = trainingDueOn({ lastTrainingCompletedOn: '2023-05-10' });
    expect(due).toBe('2026-05-10');
    expect(isOverdueOn(due, '2026-05-10')).toBe(false);
    expect(isOverdueOn(due, '2026-05-11')).toBe(true);
    expect(isOverdueOn(trainingDueOn({ lastTrainingCompletedOn: null }), '2000-01-01')).toBe(true);
  });

  it('takes 29 February three years on as 28 February', () => {
    expect(yearsLater('2024-02-29', 3)).toBe('2027-02-28');
    expect(yearsLater('2024-02-29', 4)).toBe('2028-02-29');
    expect(isOverdueOn(trainingDueOn({ lastTrainingCompletedOn: '2024-02-29' }), '2027-03-01')).toBe(true);
    expect(isOverdueOn(trainingDueOn({ lastTrainingCompletedOn: '2024-02-29' }), '2027-02-28')).toBe(false);
  });
});

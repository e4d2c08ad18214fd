import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { isOverdueOn, teacherRoster, trainingDueOn, yearsLater } from './teacher-roster.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const onTeacher = (position: number, time: string) => ({ subject: `teacher-${teacherId}`, position, time });

describe('teacher roster', () => {
  const registered = publishedEvent(
    'diagnostics.TeacherRegistered',
    { teacherId, organizationId, municipalityId, category: 'first', lastTrainingCompletedOn: '2022-11-30' },
    onTeacher(0, '2025-09-01T06:00:00.000Z'),
  );
  const record = {
    _id: teacherId,
    region: '63',
    organizationId,
    municipalityId,
    position: 'teacher',
    subjects: ['physics'],
    workProfile: '',
    category: 'first',
    categorySince: '2022-04-15',
    education: 'higher-pedagogical',
    lastTrainingCompletedOn: '2022-11-30',
    trainingDueOn: '2025-11-30',
    erased: false,
    updatedAt: '2025-09-01T06:00:00.000Z',
  };

  it('keeps the professional record and when the next ПК is due, never a name', () => {
    projectionSpec(teacherRoster)
      .given([registered])
      .then('teachers', [record])
      .thenRedeliveryChangesNothing();
  });

  it('takes the whole updated record, the next ПК due again from the last one', () => {
    const updated = publishedEvent(
      'diagnostics.TeacherUpdated',
      {
        teacherId,
        organizationId,
        municipalityId,
        category: 'highest',
        categorySince: '2026-03-20',
        lastTrainingCompletedOn: '2026-02-27',
      },
      onTeacher(2, '2026-03-21T06:00:00.000Z'),
    );
    projectionSpec(teacherRoster)
      .given([registered, updated])
      .then('teachers', [
        {
          ...record,
          category: 'highest',
          categorySince: '2026-03-20',
          lastTrainingCompletedOn: '2026-02-27',
          trainingDueOn: '2029-02-27',
          updatedAt: '2026-03-21T06:00:00.000Z',
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('keeps of an erased teacher only the fact, and keeps it so when its registration arrives again', () => {
    const erased = publishedEvent(
      'diagnostics.TeacherErased',
      { teacherId },
      onTeacher(9, '2026-10-01T06:00:00.000Z'),
    );
    const forgotten = {
      _id: teacherId,
      region: '63',
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
      updatedAt: '2026-10-01T06:00:00.000Z',
    };
    projectionSpec(teacherRoster).given([erased]).then('teachers', [forgotten]);
    projectionSpec(teacherRoster)
      .given([registered, erased])
      .then('teachers', [forgotten])
      .thenRedeliveryChangesNothing();
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

import { goldenExample } from '@pk/contracts';
import { recordCourseCompletion } from './completion.reaction';

describe('record-course-completion reaction', () => {
  it('sends the completion to the trajectory of the school year the course was completed in', async () => {
    const completed = goldenExample('enrollment.CourseCompleted');
    const { teacherId, programId } = completed.data;
    expect(await recordCourseCompletion.react(completed)).toEqual([
      {
        aggregate: 'trajectory',
        streamId: `trajectory-${teacherId}-2025`,
        command: { type: 'RecordCompletion', teacherId, year: 2025, programId, completedOn: '2026-04-17' },
      },
    ]);
    const september = { ...completed, data: { ...completed.data, completedOn: '2026-09-02' } };
    expect(await recordCourseCompletion.react(september)).toMatchObject([
      { streamId: `trajectory-${teacherId}-2026`, command: { year: 2026 } },
    ]);
  });
});

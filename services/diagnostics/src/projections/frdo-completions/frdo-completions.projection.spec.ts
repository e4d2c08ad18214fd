import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { frdoCompletions } from './frdo-completions.projection';

describe('FRDO completions projection', () => {
  it('keeps a completion by its enrollment, with the month of its date, and no names', () => {
    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      { completedOn: '2026-04-17' },
      { position: 4 },
    );
    const { enrollmentId, ...fields } = completed.data;
    projectionSpec(frdoCompletions)
      .given([completed])
      .then('frdo_completions', [{ _id: enrollmentId, ...fields, month: '2026-04' }])
      .thenRedeliveryChangesNothing();
  });
});

import courseCompletedV1 from '../../schemas/enrollment/CourseCompleted.v1.schema.json';
import type { EventHistory } from '../event-history';
import type { EnrollmentEvent } from './events';

export const ENROLLMENT_EVENTS = {
  'enrollment.CourseCompleted': { superseded: [], current: courseCompletedV1 },
} satisfies Record<EnrollmentEvent['type'], EventHistory>;

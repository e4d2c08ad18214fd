import { eventHistories } from '../event-history';
import { ENROLLMENT_SCHEMAS, type EnrollmentVersions } from './events.generated';

// No event type has a second version yet: an upcaster joins here with each new version.
export const ENROLLMENT_EVENTS = eventHistories<EnrollmentVersions>(ENROLLMENT_SCHEMAS, {});

import { eventHistories } from '../event-history';
import { EXPERTISE_SCHEMAS, type ExpertiseVersions } from './events.generated';

// No event type has a second version yet: an upcaster joins here with each new version.
export const EXPERTISE_EVENTS = eventHistories<ExpertiseVersions>(EXPERTISE_SCHEMAS, {});

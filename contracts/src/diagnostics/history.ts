import { eventHistories } from '../event-history';
import { DIAGNOSTICS_SCHEMAS, type DiagnosticsVersions } from './events.generated';

// No event type has a second version yet: an upcaster joins here with each new version.
export const DIAGNOSTICS_EVENTS = eventHistories<DiagnosticsVersions>(DIAGNOSTICS_SCHEMAS, {});

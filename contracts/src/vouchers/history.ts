import { eventHistories } from '../event-history';
import { VOUCHERS_SCHEMAS, type VouchersVersions } from './events.generated';

// No event type has a second version yet: an upcaster joins here with each new version.
export const VOUCHERS_EVENTS = eventHistories<VouchersVersions>(VOUCHERS_SCHEMAS, {});

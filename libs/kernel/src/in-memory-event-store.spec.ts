import { eventStoreContract } from '@pk/test-kit';
import { InMemoryEventStore } from './in-memory-event-store';

// The in-memory store stands in for PostgreSQL in fast specs only because it keeps the same contract.
describe('in-memory event store', () => {
  eventStoreContract(async () => new InMemoryEventStore({ source: 'pk/vouchers' }));
});

export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { PostgresRelayCheckpoints } from './postgres-relay-checkpoints';
export { PostgresSchedule } from './postgres-schedule';
export { postgresOutageProbe } from './postgres-outage-probe';

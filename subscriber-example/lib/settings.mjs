// The subscriber's settings, described in README.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// the folder this file is in: subscriber-example/lib
const here = path.dirname(fileURLToPath(import.meta.url));

/** The subscriber's settings from the environment; the defaults fit the platform's local stack. */
export function settingsFrom(env) {
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((broker) => broker.trim()),
    databaseUrl: env.DATABASE_URL ?? 'postgres://pk:pk@127.0.0.1:15432/pk',
    // The consumer group: Kafka keeps its committed offsets, so the same GROUP_ID resumes where it
    // stopped; a new one starts over (at START_AT).
    groupId: env.GROUP_ID ?? 'partner-enrollment-subscriber',
    // Where a group without committed offsets starts: `beginning` (every event the platform ever
    // published: topics keep them all), `latest` (only what comes from now on), or an ISO 8601 time
    // (the first event published at or after it). Ignored once the group has committed offsets.
    startAt: env.START_AT ?? 'beginning',
    // The channel `enrollment` of the AsyncAPI document: its address, and its partition count, which
    // whoever comes first creates the topic with (the platform's relay, or this subscriber).
    topic: env.TOPIC ?? 'pk.enrollment.events.v1',
    partitions: 6,
    stateSchema: env.STATE_SCHEMA ?? 'enrollment_subscriber',
    schemasDir: env.SCHEMAS_DIR ?? path.join(here, '..', '..', 'contracts', 'schemas'),
    // How long the group waits for a silent member before giving its partitions to the others
    sessionTimeoutMs: Number(env.SESSION_TIMEOUT_MS ?? 30_000),
  };
}

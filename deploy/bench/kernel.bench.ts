// Throughput of the event-sourcing kernel on the local stack: PostgreSQL appends (1 and 8
// concurrent writers), the relay to Kafka, and a projection rebuild from Kafka into FerretDB.
// Run: npm run bench:kernel   (starts the servers if needed; BENCH_EVENTS scales the work)
// It prints figures; it asserts nothing. Every run uses fresh schemas, topics and databases.
import os from 'node:os';
import { readPublishedEvent, publicTopic, ContractViolation } from '@pk/contracts';
import { PostgresEventStore, PostgresRelayCheckpoints } from '@pk/event-store';
import { EventRelay } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ProjectionRunner } from '@pk/projections';
import { providerRegistered, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import mongoose, { Schema } from 'mongoose';
import { Pool } from 'pg';

/** Who starts the rebuilds here; recorded in the projection's audit trail. */
const operator = { id: 'ops-test', role: 'platform-operator' };

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 20_000);
/** Waits of the benchmark: long work, polled often so the timing stays close. */
const LONG = { timeoutMs: 600_000, pollMs: 50 };

async function appendThroughput(pool: Pool, writers: number): Promise<number> {
  const store = new PostgresEventStore({
    pool,
    schema: uniqueName('bench').replace(/-/g, '_'),
    source: 'pk/catalog',
  });
  await store.migrate();
  const perWriter = Math.floor(EVENTS / writers);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      // One event per append, each a new stream: the command path's shape (load, decide, append one).
      for (let i = 0; i < perWriter; i++)
        await store.append(`provider-${w}-${i}`, [providerRegistered()], 'no-stream');
    }),
  );
  return (perWriter * writers) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const { databaseUrl, kafkaBrokers, mongodbUrl } = serverEndpoints();
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  const report = (what: string, perSecond: number) => {
    console.log(`${what.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} events/s`);
  };
  console.log(
    `kernel benchmark: ${EVENTS} events per figure, ${os.cpus().length} cores, Node ${process.version}\n`,
  );

  report('PostgreSQL append, 1 writer (1 event per append)', await appendThroughput(pool, 1));
  report('PostgreSQL append, 8 concurrent writers', await appendThroughput(pool, 8));

  // Relay: a store already holding EVENTS events, relayed to a fresh topic.
  const schema = uniqueName('bench').replace(/-/g, '_');
  const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
  await store.migrate();
  for (let i = 0; i < EVENTS; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) =>
        store.append(`provider-${i + j}`, [providerRegistered()], 'no-stream'),
      ),
    );
  }
  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const topic = uniqueName(publicTopic('catalog'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const relay = new EventRelay({
    name: 'bench',
    store,
    bus,
    topic,
    checkpoints: new PostgresRelayCheckpoints(pool, schema),
    toPublic: (stored) => [readPublishedEvent(stored)],
  });
  const relayStarted = performance.now();
  await relay.start();
  await until(async () => relay.progress.relayed >= EVENTS, 'the relay', LONG);
  report(
    'relay PostgreSQL → Kafka (validated, acks=all, idempotent)',
    EVENTS / ((performance.now() - relayStarted) / 1000),
  );
  await relay.stop();

  // Rebuild: a projection reading that topic from zero into FerretDB.
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const runner = new ProjectionRunner({
    service: 'bench',
    connection,
    bus,
    readEvent: readPublishedEvent,
    isPermanent: (error) => error instanceof ContractViolation,
    projection: {
      name: uniqueName('providers'),
      topics: [topic],
      eventTypes: ['catalog.ProviderRegistered'],
      collections: { providers: new Schema({ _id: String, region: String }, { versionKey: false }) },
      project: (event) => {
        const data = event.data as { providerId: string; region: string };
        return [
          {
            collection: 'providers',
            id: data.providerId,
            position: event.streamPosition,
            set: { region: data.region },
          },
        ];
      },
    },
  });
  await runner.start();
  const rebuildStarted = performance.now();
  await runner.rebuild(operator);
  let shown = 0;
  let caughtUpAt = 0;
  await until(
    async () => {
      const progress = runner.progress();
      if (!caughtUpAt && progress && progress.processed >= progress.total) caughtUpAt = performance.now();
      if (Date.now() - shown > 2000) {
        shown = Date.now();
        console.log(
          `  rebuild: ${progress?.processed}/${progress?.total} (${progress?.percent}%), ${progress?.state}`,
        );
      }
      return progress?.state === 'swapped';
    },
    'the rebuild',
    LONG,
  );
  const swappedAt = performance.now();
  const projected = await runner.model('providers').countDocuments();
  report(
    `projection rebuild Kafka → FerretDB, to caught up (${projected} docs)`,
    EVENTS / ((caughtUpAt - rebuildStarted) / 1000),
  );
  console.log(
    `${'  then the swap (stop old consumer, drop old collections)'.padEnd(58)} ${((swappedAt - caughtUpAt) / 1000).toFixed(1).padStart(9)} s`,
  );

  await runner.stop();
  await connection.dropDatabase();
  await connection.close();
  await bus.close();
  await pool.end();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { ContractViolation, type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import {
  publishedProviderRegistered,
  readStoreWithCuttableBackend,
  type ReadStoreWithCuttableBackend,
  serverEndpoints,
  uniqueName,
  until,
} from '@pk/test-kit';
import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import mongoose, { type Connection, Schema } from 'mongoose';
import { DocumentWriter } from './document-writer';
import type { DocumentChange, ProjectionDefinition } from './projection';
import { ProjectionRunner } from './projection-runner';

const operator = { id: 'ops-test', role: 'platform-operator' };

/** A write that does not answer within this has wedged the store: the test fails here, not by hanging. */
const ANSWER_WITHIN_MS = 30_000;

function answersWithin<T>(what: string, work: Promise<T>, ms = ANSWER_WITHIN_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${ms / 1000} s, the read store is wedged`)),
      ms,
    );
  });
  return Promise.race([work, silence]).finally(() => clearTimeout(timer));
}

// FerretDB 1.24 keeps the pooled PostgreSQL connection of each update statement it has read until
// the whole command answers, and takes one more for each statement's write: one command of 50
// guarded updates against its default pool of 50 never answers, and then nothing else does either.
// Each test has a FerretDB of its own with that default pool, so a wedge fails that test alone and
// the stack's FerretDB goes on answering the other suites.
describe('a read store the projection writer cannot wedge (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  let store: ReadStoreWithCuttableBackend;
  let connection: Connection;

  beforeEach(async () => {
    store = await readStoreWithCuttableBackend();
    connection = await mongoose
      .createConnection(store.mongodbUrl, { serverSelectionTimeoutMS: 5_000 })
      .asPromise();
  });
  afterEach(async () => {
    // the store first: a wedged FerretDB would hold the driver's close
    await store.stop();
    await connection.close(true);
  });

  /** A consumer stops only once its batch's write returns: a test that failed may have left the store wedged. */
  const stopOnAnsweringStore = async (runner: ProjectionRunner, finished: boolean) => {
    if (!finished) await store.restart();
    await runner.stop();
  };

  const change = (id: string, position: number, set: Record<string, unknown>): DocumentChange => ({
    collection: 'programs',
    id,
    position,
    set,
  });

  it('writes one batch of 50 guarded updates of existing documents (FerretDB’s pool of 50 wedged on it)', async () => {
    const programs = () => connection.collection('programs');
    const writer = new DocumentWriter(programs);
    const ids = Array.from({ length: 50 }, (_, i) => `program-${i}`);
    await answersWithin('inserting 50 documents', writer.write(ids.map((id) => change(id, 1, { n: 1 }))));
    // the writer remembers them: the next batch is 50 guarded updates, the minimal reproduction
    await answersWithin('50 guarded updates', writer.write(ids.map((id) => change(id, 2, { n: 2 }))));
    expect(await programs().countDocuments({ _position: 2, n: 2 })).toBe(50);
    // and the store still answers everyone else
    expect(await answersWithin('a ping', connection.db!.command({ ping: 1 }))).toMatchObject({ ok: 1 });
  });

  it('rebuilds a collection of many documents, each changed again in large batches', async () => {
    const bus = new KafkaMessageBus({
      clientId: 'wedge-test',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName(publicTopic('catalog'));
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    const documents = 1_500;
    const rounds = 3;
    // round by round, so that most batches update documents an earlier batch wrote
    const ids = Array.from({ length: documents }, () => randomUUID());
    for (let position = 0; position < rounds; position += 1) {
      const events = ids.map((id) => publishedProviderRegistered('63', id, position));
      for (let i = 0; i < events.length; i += 500) {
        await bus.publish(topic, events.slice(i, i + 500).map(toMessage));
      }
    }
    const runner = new ProjectionRunner({
      service: 'wedge',
      connection,
      bus,
      projection: providersOf(topic),
      readEvent: readPublishedEvent,
      isPermanent: (error) => error instanceof ContractViolation,
    });
    let finished = false;
    try {
      await runner.start();
      await until(async () => (await runner.lag()) === 0, 'the live generation', { timeoutMs: 120_000 });
      await runner.rebuild(operator);
      await until(() => runner.progress()?.state !== 'rebuilding', 'the rebuild to end', {
        timeoutMs: 120_000,
        pollMs: 250,
      });
      expect(runner.progress()).toMatchObject({ state: 'swapped', processed: documents * rounds });
      const final = await answersWithin(
        'counting the rebuilt documents',
        runner.model('providers').countDocuments({ _position: rounds - 1 }),
      );
      expect(final).toBe(documents);
      expect(runner.health.status).toBe('ok');
      finished = true;
    } finally {
      await stopOnAnsweringStore(runner, finished);
      await bus.close();
    }
  }, 300_000);

  it('says "degraded" with the reasons while its store answers nothing, and "ok" once the store is back', async () => {
    const bus = new KafkaMessageBus({
      clientId: 'wedge-test',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName(publicTopic('catalog'));
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    const runner = new ProjectionRunner({
      service: 'wedge',
      connection,
      bus,
      projection: providersOf(topic),
      readEvent: readPublishedEvent,
      isPermanent: (error) => error instanceof ContractViolation,
      stalledAfterMs: 2_000,
      probeIntervalMs: 250,
    });
    const publish = (n: number) =>
      bus.publish(
        topic,
        Array.from({ length: n }, () => toMessage(publishedProviderRegistered('63'))),
      );
    const other = await mongoose.createConnection(store.mongodbUrl).asPromise();
    let finished = false;
    try {
      await runner.start();
      await publish(10);
      await until(async () => (await runner.model('providers').countDocuments()) === 10, 'the first 10');
      expect(runner.health.status).toBe('ok');

      // another client wedges the store the way the old writer did: 50 guarded updates in one command
      const wedging = connection.collection('wedge');
      const ids = Array.from({ length: 50 }, (_, i) => `w${i}`);
      await wedging.insertMany(ids.map((_id) => ({ _id, _position: 1 }) as never));
      void other
        .collection('wedge')
        .bulkWrite(
          ids.map((id) => ({
            updateOne: {
              filter: { _id: id, _position: { $lt: 2 } } as never,
              update: { $set: { _position: 2 } },
              upsert: true,
            },
          })),
          { ordered: false },
        )
        .catch(() => undefined);
      await until(() => runner.health.status === 'degraded', 'health to say degraded', { timeoutMs: 20_000 });
      expect(runner.health.reason).toMatch(/the read store has not answered a ping for \d+ s/);

      // messages that wait for a write the store does not answer
      await publish(10);
      await until(
        () => /no write to the read store has finished/.test(String(runner.health.reason)),
        'health to name the stalled writes',
        { timeoutMs: 20_000 },
      );

      await store.restart();
      await until(async () => (await runner.model('providers').countDocuments()) === 20, 'all 20 written');
      await until(() => runner.health.status === 'ok', 'health to say ok again', { timeoutMs: 20_000 });
      expect(runner.health).not.toHaveProperty('reason');
      finished = true;
    } finally {
      await stopOnAnsweringStore(runner, finished);
      await bus.close();
      await other.close(true);
    }
  }, 120_000);
});

function providersOf(topic: string): ProjectionDefinition {
  return {
    name: uniqueName('providers'),
    topics: [topic],
    eventTypes: ['catalog.ProviderRegistered'],
    collections: { providers: new Schema({ _id: String, region: String }, { versionKey: false }) },
    project: (event: EventEnvelope) => {
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
  };
}

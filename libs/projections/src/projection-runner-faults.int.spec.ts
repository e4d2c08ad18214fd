import { ContractViolation, type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { type MessageBus, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import {
  publishedProviderRegistered,
  readStoreWithCuttableBackend,
  type ReadStoreWithCuttableBackend,
  serverEndpoints,
  uniqueName,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import mongoose, { type Connection, Schema } from 'mongoose';
import type { ProjectionDefinition } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Who starts the rebuilds here; recorded in the projection's audit trail. */
const operator = { id: 'ops-test', role: 'platform-operator' };

// A projection runner meeting the faults of real servers: its read store's backend cut away
// (FerretDB answers, with errors), and rebuilds that run for a while or fail.
describe('projection runner under faults (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const kafka = new KafkaMessageBus({
    clientId: 'faults-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName(publicTopic('catalog'));
  let store: ReadStoreWithCuttableBackend;
  let connection: Connection;
  let runner: ProjectionRunner;

  // Subscriptions made while `holding` is set wait at this gate before handling anything: how the
  // test keeps a rebuild running for as long as it needs to look at the live generation.
  let holding = false;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const bus: MessageBus = {
    ensureTopics: (topics) => kafka.ensureTopics(topics),
    publish: (name, messages) => kafka.publish(name, messages),
    endOffsets: (name) => kafka.endOffsets(name),
    committedOffsets: (group, name) => kafka.committedOffsets(group, name),
    close: () => kafka.close(),
    subscribe: (spec) => {
      if (!holding) return kafka.subscribe(spec);
      const held = gate;
      return kafka.subscribe({ ...spec, handle: async (messages) => (await held, spec.handle(messages)) });
    },
  };
  const hold = () => {
    holding = true;
    gate = new Promise((resolve) => (release = resolve));
  };
  const open = () => {
    holding = false;
    release();
  };

  const providers: ProjectionDefinition = {
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
  // Right after the backend returns, FerretDB may answer once more from a dropped connection.
  const count = (region: string) =>
    runner
      .model('providers')
      .countDocuments({ region })
      .catch(() => -1);
  const publish = (region: string, n: number) =>
    bus.publish(
      topic,
      Array.from({ length: n }, () => toMessage(publishedProviderRegistered(region))),
    );

  beforeAll(async () => {
    store = await readStoreWithCuttableBackend();
    connection = await mongoose
      .createConnection(store.mongodbUrl, { serverSelectionTimeoutMS: 5_000 })
      .asPromise();
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    runner = new ProjectionRunner({
      service: 'faults',
      connection,
      bus,
      projection: providers,
      readEvent: readPublishedEvent,
      isPermanent: (error) => error instanceof ContractViolation || error instanceof SyntaxError,
    });
    await runner.start();
  });
  afterAll(async () => {
    open();
    await runner.stop();
    await kafka.close();
    await connection.close();
    await store.stop();
  });

  it('waits out an outage of the read store behind FerretDB, dead-lettering nothing', async () => {
    await publish('63', 20);
    await until(async () => (await count('63')) === 20, 'the first 20 providers');
    store.cutBackend();
    await publish('63', 30);
    // Long enough for every message to exhaust the retries it would get were it faulty.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await store.restoreBackend();
    await until(async () => (await count('63')) === 50, 'all 50 providers after the outage', {
      timeoutMs: 60_000,
    });
    expect((await bus.endOffsets(runner.deadLetterTopic!)).get(0)).toBe('0');
  });

  it('keeps the live generation consuming while a rebuild runs, the second rebuild as well as the first', async () => {
    for (const rebuildNumber of [1, 2]) {
      const before = await count('63');
      hold();
      const started = await runner.rebuild(operator);
      expect(started.state).toBe('rebuilding');
      await publish('63', 5);
      await until(
        async () => (await count('63')) === before + 5,
        `live events during rebuild ${rebuildNumber}`,
      );
      expect(runner.progress()?.state).toBe('rebuilding');
      open();
      await until(async () => runner.progress()?.state === 'swapped', `the swap of rebuild ${rebuildNumber}`);
      expect(runner.generation).toBe(started.generation);
      expect(await count('63')).toBe(before + 5);
    }
  });

  it('leaves the live generation serving and consuming when a rebuild fails', async () => {
    const generation = runner.generation;
    const before = await count('63');
    store.cutBackend();
    const failed = await runner.rebuild(operator);
    expect(failed).toMatchObject({ state: 'failed', generation: generation + 1 });
    expect(failed.error).toMatch(/failed to connect|EOF|connection/i);
    await store.restoreBackend();
    expect(runner.generation).toBe(generation);
    await publish('63', 7);
    await until(async () => (await count('63')) === before + 7, 'live events after the failed rebuild');

    const retried = await runner.rebuild(operator);
    expect(retried.state).toBe('rebuilding');
    await until(async () => runner.progress()?.state === 'swapped', 'a later rebuild to swap');
    expect(await count('63')).toBe(before + 7);
  });
});

import { ContractViolation, type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { publishedProviderRegistered, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { Schema } from 'mongoose';
import type { ProjectionDefinition } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Who starts the rebuilds here; recorded in the projection's audit trail. */
const operator = { id: 'ops-test', role: 'platform-operator' };

// A projection runner between a real Kafka topic and a real MongoDB-wire server (FerretDB here).
describe('projection runner (integration)', () => {
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'projection-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const connection = mongoose.createConnection(
    mongodbUrl.replace(/\/pk$/, `/${uniqueName('p').replace(/-/g, '_')}`),
  );
  const topic = uniqueName(publicTopic('catalog'));
  const providers: ProjectionDefinition = {
    name: uniqueName('providers'),
    topics: [topic],
    eventTypes: ['catalog.ProviderRegistered'],
    collections: {
      providers: new Schema({ _id: String, region: String, name: String }, { versionKey: false }),
    },
    project: (event: EventEnvelope) => {
      const data = event.data as { providerId: string; region: string; name: string };
      return [
        {
          collection: 'providers',
          id: data.providerId,
          position: event.streamPosition,
          set: { region: data.region, name: data.name },
        },
      ];
    },
  };
  const options = {
    service: 'test',
    connection,
    bus,
    projection: providers,
    readEvent: readPublishedEvent,
    isPermanent: (error: unknown) => error instanceof ContractViolation || error instanceof SyntaxError,
  };
  const runner = new ProjectionRunner(options);

  const count = (region: string) => runner.model('providers').countDocuments({ region });

  beforeAll(async () => {
    await connection.asPromise();
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await bus.close();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('projects events once, whatever is redelivered, and keeps the later state of a document', async () => {
    const events = Array.from({ length: 60 }, (_, i) => publishedProviderRegistered(i % 2 ? '63' : '24'));
    await bus.publish(topic, events.map(toMessage));
    // Every event again (a relay re-sending after a crash), and an older position of one document.
    await bus.publish(topic, events.map(toMessage));
    const renamed = {
      ...events[0]!,
      id: crypto.randomUUID(),
      streamPosition: 1,
      data: { ...(events[0]!.data as object), name: 'СИПКРО (новое имя)' },
    };
    await bus.publish(topic, [toMessage(renamed), toMessage(events[0]!)]);
    await until(async () => (await count('63')) + (await count('24')) === 60, '60 providers');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count('63')).toBe(30);
    expect(await count('24')).toBe(30);
    const first = await runner
      .model('providers')
      .findById((events[0]!.data as { providerId: string }).providerId)
      .lean();
    expect(first).toMatchObject({ name: 'СИПКРО (новое имя)', _position: 1 });
  });

  it('passes over event types it does not read, and dead-letters a malformed message', async () => {
    await bus.publish(topic, [
      { key: 'x', value: JSON.stringify({ type: 'catalog.OfferingScheduled', anything: true }), headers: {} },
      { key: 'y', value: '{"not":"an envelope"}', headers: {} },
      toMessage(publishedProviderRegistered('77')),
    ]);
    await until(async () => (await count('77')) === 1, 'the provider after the bad messages');
    const dead = await bus.endOffsets(runner.deadLetterTopic!);
    expect(dead.get(0)).toBe('1');
  });

  it('rebuilds from zero into a new generation, reports progress, and swaps it in with the same counts', async () => {
    const before = { '63': await count('63'), '24': await count('24'), '77': await count('77') };
    const deadLetters = runner.deadLetterTopic;
    const started = await runner.rebuild(operator);
    expect(started).toMatchObject({ generation: 2, state: 'rebuilding' });
    expect(started.total).toBeGreaterThan(120);
    await until(async () => runner.progress()?.state === 'swapped', 'the swap');
    expect(runner.generation).toBe(2);
    expect(runner.progress()).toMatchObject({ percent: 100, processed: started.total });
    expect({ '63': await count('63'), '24': await count('24'), '77': await count('77') }).toEqual(before);
    const collections = async () => (await connection.db!.listCollections().toArray()).map((c) => c.name);
    // each projection's collections are its own: named after it, then the generation; the old
    // generation's go once its consumer has left the group, just after the swap
    await until(
      async () => !(await collections()).includes(`${providers.name}.providers_g1`),
      'the old generation dropped',
    );
    expect(await collections()).toContain(`${providers.name}.providers_g2`);
    // one dead-letter topic for the read model, whatever the generation: none is left behind
    expect(runner.deadLetterTopic).toBe(deadLetters);
    const admin = new Kafka({
      clientId: 'dlt-check',
      brokers: serverEndpoints().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const ofThisModel = (await admin.listTopics()).filter(
        (t) => t.includes(providers.name) && t.endsWith('.dlt'),
      );
      expect(ofThisModel).toEqual([deadLetters]);
    } finally {
      await admin.disconnect();
    }

    // The new generation keeps following the topic.
    await bus.publish(topic, [toMessage(publishedProviderRegistered('77'))]);
    await until(async () => (await count('77')) === 2, 'a live event after the swap');
  });

  it('lets another replica follow a swap made by this one, reading the same generation', async () => {
    const replica = new ProjectionRunner({ ...options, followIntervalMs: 200 });
    await replica.start();
    try {
      expect(replica.generation).toBe(runner.generation);
      const before = await replica.model('providers').countDocuments();
      const started = await runner.rebuild(operator);
      await until(async () => runner.progress()?.state === 'swapped', 'the swap');
      await until(async () => replica.generation === started.generation, 'the replica to follow');
      expect(await replica.model('providers').countDocuments()).toBe(before);
      await bus.publish(topic, [toMessage(publishedProviderRegistered('78'))]);
      await until(
        async () => (await replica.model('providers').countDocuments({ region: '78' })) === 1,
        'a live event',
      );
    } finally {
      await replica.stop();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { readPublishedEvent } from '@pk/contracts';
import { EventRelay, KafkaMessageBus } from '@pk/messaging';
import { providerRegistered, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresRelayCheckpoints } from './postgres-relay-checkpoints';

// The relay between a real PostgreSQL event store and a real Kafka topic.
describe('event relay (integration)', () => {
  const { databaseUrl, kafkaBrokers } = serverEndpoints();
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const schema = uniqueName('relay').replace(/-/g, '_');
  const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
  const checkpoints = new PostgresRelayCheckpoints(pool, schema);
  const bus = new KafkaMessageBus({
    clientId: 'relay-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('pk.catalog.events');
  const relayOf = () =>
    new EventRelay({
      name: 'catalog',
      store,
      bus,
      topic,
      partitions: 3,
      checkpoints,
      toPublic: (stored) => [readPublishedEvent(stored)],
    });

  afterAll(async () => {
    await bus.close();
    await pool.end();
  });

  async function topicSize(): Promise<number> {
    const offsets = await bus.endOffsets(topic);
    return [...offsets.values()].reduce((sum, o) => sum + Number(o), 0);
  }

  it('publishes every event once, keyed by stream, and resumes from its checkpoint after a restart', async () => {
    for (let i = 0; i < 200; i++) await store.append(`provider-${i}`, [providerRegistered()], 'no-stream');
    const relay = relayOf();
    await relay.start();
    await until(async () => (await topicSize()) === 200, '200 messages on the topic');
    await relay.stop();
    expect(await checkpoints.load('catalog')).toBe((await store.readAll(null, 1000)).at(-1)!.globalPosition);

    for (let i = 200; i < 250; i++) await store.append(`provider-${i}`, [providerRegistered()], 'no-stream');
    const restarted = relayOf();
    await restarted.start();
    await until(async () => (await topicSize()) >= 250, '250 messages');
    await new Promise((r) => setTimeout(r, 500));
    await restarted.stop();
    expect(await topicSize()).toBe(250);

    // What a subscriber reads back is a valid public event, keyed by its stream.
    const kafka = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const subjects = new Set<string>();
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = readPublishedEvent(JSON.parse(message.value!.toString()));
          expect(message.key!.toString()).toBe(event.subject);
          expect(message.headers!['ce_type']!.toString()).toBe('catalog.ProviderRegistered');
          subjects.add(event.subject);
          if (subjects.size === 250) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(subjects.size).toBe(250);
  });

  /** Every message on a topic from the start, read by a throwaway consumer. */
  async function readTopic(name: string, expected: number) {
    const kafka = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: name, fromBeginning: true });
    const values: Record<string, unknown>[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${values.length} of ${expected} messages on ${name}`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(JSON.parse(message.value!.toString()) as Record<string, unknown>);
          if (values.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return values;
  }

  it('publishes events stored in an earlier schema version as the current one, without halting', async () => {
    const schema = uniqueName('relay').replace(/-/g, '_');
    const history = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
    const providerId = randomUUID();
    // stored before ownership was recorded: catalog.ProviderRegistered v1
    await history.append(
      `provider-${providerId}`,
      [
        {
          ...providerRegistered('63', providerId),
          schemaVersion: 1,
          data: { providerId, region: '63', name: 'СИПКРО', inn: '6317010870' },
        },
      ],
      'no-stream',
    );
    await history.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const old = uniqueName('pk.catalog.events');
    const relay = new EventRelay({
      name: 'catalog',
      store: history,
      bus,
      topic: old,
      partitions: 1,
      checkpoints: new PostgresRelayCheckpoints(pool, schema),
      toPublic: (stored) => [readPublishedEvent(stored)],
    });
    await relay.start();
    try {
      const published = await readTopic(old, 2);
      expect(published[0]).toMatchObject({
        schemaVersion: 2,
        data: { providerId, ownership: 'unspecified' },
      });
      expect(published.map((p) => p['schemaVersion'])).toEqual([2, 2]);
    } finally {
      await relay.stop();
    }
  });

  it('parks an event it cannot publish, with an alarm, and relays everything behind it', async () => {
    const schema = uniqueName('relay').replace(/-/g, '_');
    const history = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
    await history.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const unknown = { ...providerRegistered(), type: 'catalog.ProviderRenamed' };
    await history.append('provider-odd', [unknown], 'no-stream');
    for (let i = 0; i < 3; i++)
      await history.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const parked = uniqueName('pk.catalog.events');
    const relay = new EventRelay({
      name: 'catalog',
      store: history,
      bus,
      topic: parked,
      partitions: 1,
      checkpoints: new PostgresRelayCheckpoints(pool, schema),
      toPublic: (stored) => [readPublishedEvent(stored)],
    });
    await relay.start();
    try {
      expect((await readTopic(parked, 4)).map((p) => p['type'])).toEqual(
        Array(4).fill('catalog.ProviderRegistered'),
      );
      await until(() => relay.progress.parked === 1, 'the parked event to be counted');
      expect(relay.progress.lastParked).toMatchObject({
        eventId: unknown.id,
        type: 'catalog.ProviderRenamed',
        reason: expect.stringMatching(/not a registered event type/),
      });
      const { rows } = await pool.query(`select event_id, type from ${schema}.relay_parked`);
      expect(rows).toEqual([{ event_id: unknown.id, type: 'catalog.ProviderRenamed' }]);
    } finally {
      await relay.stop();
    }
  });

  it('lets one relay of a name lead at a time, and a waiting one give up when stopped', async () => {
    const first = (await checkpoints.lead('leader-test', new AbortController().signal))!;
    let secondLeads = false;
    const second = checkpoints.lead('leader-test', new AbortController().signal).then((lease) => {
      secondLeads = true;
      return lease!;
    });
    const standby = new AbortController();
    const third = checkpoints.lead('leader-test', standby.signal);
    await new Promise((r) => setTimeout(r, 300));
    expect(secondLeads).toBe(false);
    standby.abort();
    expect(await third).toBeNull();

    await first.release();
    const lease = await second;
    expect(secondLeads).toBe(true);
    await lease.save('1/1');
    await lease.release();
    expect(await checkpoints.load('leader-test')).toBe('1/1');
  });
});

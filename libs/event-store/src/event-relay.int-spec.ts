import { assertPublishable, readPublishedEvent } from '@pk/contracts';
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
      validate: assertPublishable,
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

import { randomUUID } from 'node:crypto';
import { readPublishedEvent } from '@pk/contracts';
import { EventRelay, InMemoryEventStore } from '@pk/kernel';
import {
  InMemoryRelayCheckpoints,
  providerRegistered,
  serverEndpoints,
  uniqueName,
  until,
} from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMessageBus } from './kafka-message-bus';

// The kernel's relay onto a real Kafka topic (the PostgreSQL checkpoints have their own test).
describe('event relay to Kafka (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'relay-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const relayOf = (store: InMemoryEventStore, checkpoints: InMemoryRelayCheckpoints, topic: string) =>
    new EventRelay({
      name: 'catalog',
      store,
      bus,
      topic,
      partitions: 3,
      checkpoints,
      toPublic: (stored) => [readPublishedEvent(stored)],
      log: silent,
    });
  afterAll(() => bus.close());

  async function topicSize(topic: string): Promise<number> {
    const offsets = await bus.endOffsets(topic);
    return [...offsets.values()].reduce((sum, o) => sum + Number(o), 0);
  }

  /** Every message on a topic from the start, read by a throwaway consumer. */
  async function readTopic(name: string, expected: number) {
    const kafka = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: name, fromBeginning: true });
    const messages: { key: string; type: string; value: Record<string, unknown> }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${messages.length} of ${expected} messages on ${name}`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push({
            key: message.key!.toString(),
            type: message.headers!['ce_type']!.toString(),
            value: JSON.parse(message.value!.toString()) as Record<string, unknown>,
          });
          if (messages.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return messages;
  }

  it('publishes every event once, keyed by stream, and resumes from its checkpoint after a restart', async () => {
    const store = new InMemoryEventStore({ source: 'pk/catalog' });
    const checkpoints = new InMemoryRelayCheckpoints();
    const topic = uniqueName('pk.catalog.events');
    for (let i = 0; i < 200; i++) await store.append(`provider-${i}`, [providerRegistered()], 'no-stream');
    const relay = relayOf(store, checkpoints, topic);
    await relay.start();
    await until(async () => (await topicSize(topic)) === 200, '200 messages on the topic');
    await relay.stop();
    expect(await checkpoints.load('catalog')).toBe((await store.readAll(null, 1000)).at(-1)!.globalPosition);

    for (let i = 200; i < 250; i++) await store.append(`provider-${i}`, [providerRegistered()], 'no-stream');
    const restarted = relayOf(store, checkpoints, topic);
    await restarted.start();
    await until(async () => (await topicSize(topic)) >= 250, '250 messages');
    await new Promise((r) => setTimeout(r, 500));
    await restarted.stop();
    expect(await topicSize(topic)).toBe(250);

    // What a subscriber reads back is a valid public event, keyed by its stream.
    const messages = await readTopic(topic, 250);
    for (const { key, type, value } of messages) {
      const event = readPublishedEvent(value);
      expect(key).toBe(event.subject);
      expect(type).toBe('catalog.ProviderRegistered');
    }
    expect(new Set(messages.map((m) => m.key)).size).toBe(250);
  });

  it('publishes events stored in an earlier schema version as the current one, without halting', async () => {
    const store = new InMemoryEventStore({ source: 'pk/catalog' });
    const providerId = randomUUID();
    // stored before ownership was recorded: catalog.ProviderRegistered v1
    await store.append(
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
    await store.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const topic = uniqueName('pk.catalog.events');
    const relay = relayOf(store, new InMemoryRelayCheckpoints(), topic);
    await relay.start();
    try {
      const published = (await readTopic(topic, 2)).map((m) => m.value);
      expect(published.find((p) => p['subject'] === `provider-${providerId}`)).toMatchObject({
        schemaVersion: 3,
        data: { providerId, ownership: 'unspecified', kind: 'unspecified' },
      });
      expect(published.map((p) => p['schemaVersion'])).toEqual([3, 3]);
    } finally {
      await relay.stop();
    }
  });

  it('parks an event it cannot publish, with an alarm, and relays everything behind it', async () => {
    const store = new InMemoryEventStore({ source: 'pk/catalog' });
    const checkpoints = new InMemoryRelayCheckpoints();
    await store.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const unknown = { ...providerRegistered(), type: 'catalog.ProviderRenamed' };
    await store.append('provider-odd', [unknown], 'no-stream');
    for (let i = 0; i < 3; i++)
      await store.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const topic = uniqueName('pk.catalog.events');
    const relay = relayOf(store, checkpoints, topic);
    await relay.start();
    try {
      expect((await readTopic(topic, 4)).map((m) => m.type)).toEqual(
        Array(4).fill('catalog.ProviderRegistered'),
      );
      await until(() => relay.progress.parked === 1, 'the parked event to be counted');
      expect(relay.progress.lastParked).toMatchObject({
        eventId: unknown.id,
        type: 'catalog.ProviderRenamed',
        reason: expect.stringMatching(/not a registered event type/),
      });
      expect((await checkpoints.parked('catalog')).count).toBe(1);
    } finally {
      await relay.stop();
    }
  });

  it('publishes nothing for an event the service keeps to itself', async () => {
    const store = new InMemoryEventStore({ source: 'pk/catalog' });
    await store.append(
      'provider-x',
      [{ ...providerRegistered(), type: 'catalog.ImportRowRead' }],
      'no-stream',
    );
    await store.append(`provider-${randomUUID()}`, [providerRegistered()], 'no-stream');
    const topic = uniqueName('pk.catalog.events');
    const checkpoints = new InMemoryRelayCheckpoints();
    const relay = new EventRelay({
      name: 'catalog',
      store,
      bus,
      topic,
      partitions: 1,
      checkpoints,
      toPublic: (stored) => (stored.type === 'catalog.ImportRowRead' ? [] : [readPublishedEvent(stored)]),
      log: silent,
    });
    await relay.start();
    try {
      await until(() => relay.progress.relayed === 2, 'both events relayed');
      expect(await topicSize(topic)).toBe(1);
      expect(relay.progress.parked).toBe(0);
    } finally {
      await relay.stop();
    }
  });
});

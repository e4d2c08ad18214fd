import { serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMessageBus } from './kafka-message-bus';
import type { IncomingMessage, RunningSubscription } from '@pk/kernel';

class Malformed extends Error {}

describe('Kafka message bus (integration)', () => {
  const bus = new KafkaMessageBus({
    clientId: 'test',
    brokers: serverEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const kafka = new Kafka({ brokers: serverEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
  const running: RunningSubscription[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await bus.close();
  });

  /** Everything on a topic from the start, read by a throwaway consumer. */
  async function readTopic(topic: string, expected: number): Promise<IncomingMessage[]> {
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    const seen: IncomingMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${seen.length} of ${expected} messages on ${topic}`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          seen.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers,
          });
          if (seen.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return seen;
  }

  it('sends a poison message to the dead-letter topic with its error and goes on with the next', async () => {
    const topic = uniqueName('pk.test.events');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    const handled: string[] = [];
    const subscription = await bus.subscribe({
      groupId: uniqueName('test.poison'),
      topics: [topic],
      backoffMs: 10,
      isPermanent: (error) => error instanceof Malformed,
      handle: async (messages) => {
        for (const m of messages) {
          if (m.value === 'poison') throw new Malformed('value is not an event');
        }
        handled.push(...messages.map((m) => m.value!));
      },
    });
    running.push(subscription);
    await bus.publish(
      topic,
      ['good-1', 'poison', 'good-2'].map((value) => ({ key: 'k', value, headers: { trace: value } })),
    );
    await until(() => handled.length === 2, 'the good messages');
    expect(handled).toEqual(['good-1', 'good-2']);

    const [dead] = await readTopic(subscription.deadLetterTopic, 1);
    expect(dead).toMatchObject({ key: 'k', value: 'poison' });
    expect(dead!.headers).toMatchObject({
      trace: 'poison',
      'dlt-error': 'Error: value is not an event',
      'dlt-original-topic': topic,
      'dlt-original-offset': '1',
      'dlt-attempts': '1',
    });
  });

  it('retries a failing message with backoff and handles it once it succeeds, without dead letters', async () => {
    const topic = uniqueName('pk.test.events');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    let failures = 0;
    const handled: string[] = [];
    const subscription = await bus.subscribe({
      groupId: uniqueName('test.retry'),
      topics: [topic],
      attempts: 4,
      backoffMs: 10,
      handle: async (messages) => {
        if (failures < 2) {
          failures++;
          throw new Error('read model briefly unavailable');
        }
        handled.push(...messages.map((m) => m.value!));
      },
    });
    running.push(subscription);
    await bus.publish(topic, [{ key: 'k', value: 'only', headers: {} }]);
    await until(() => handled.length === 1, 'the retried message');
    expect(failures).toBe(2);
    const offsets = await bus.endOffsets(subscription.deadLetterTopic);
    expect(offsets.get(0)).toBe('0');
  });

  it('waits out an outage of what the handler writes to, without dead letters, however long it lasts', async () => {
    const topic = uniqueName('pk.test.events');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    class Unreachable extends Error {}
    let outages = 0;
    const handled: string[] = [];
    const subscription = await bus.subscribe({
      groupId: uniqueName('test.outage'),
      topics: [topic],
      attempts: 1, // would dead-letter at once, were the error not transient
      backoffMs: 10,
      isTransient: (error) => error instanceof Unreachable,
      handle: async (messages) => {
        if (outages < 4) {
          outages++;
          throw new Unreachable('read model down');
        }
        handled.push(...messages.map((m) => m.value!));
      },
    });
    running.push(subscription);
    await bus.publish(topic, [{ key: 'k', value: 'after-outage', headers: {} }]);
    await until(() => handled.length === 1, 'the message after the outage');
    expect(outages).toBe(4);
    expect((await bus.endOffsets(subscription.deadLetterTopic)).get(0)).toBe('0');
  });

  it('commits only after handling: a new consumer of the same group resumes after the last handled message', async () => {
    const topic = uniqueName('pk.test.events');
    const groupId = uniqueName('test.resume');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    await bus.publish(
      topic,
      ['a', 'b'].map((value) => ({ key: 'k', value, headers: {} })),
    );
    const first: string[] = [];
    const one = await bus.subscribe({
      groupId,
      topics: [topic],
      handle: async (m) => void first.push(...m.map((x) => x.value!)),
    });
    await until(() => first.length === 2, 'the first two');
    await one.stop();

    await bus.publish(topic, [{ key: 'k', value: 'c', headers: {} }]);
    const second: string[] = [];
    const two = await bus.subscribe({
      groupId,
      topics: [topic],
      handle: async (m) => void second.push(...m.map((x) => x.value!)),
    });
    running.push(two);
    await until(() => second.length === 1, 'the third');
    await new Promise((r) => setTimeout(r, 500));
    expect(second).toEqual(['c']);
  });

  it('replaces a consumer its group coordinator forgot, and says so while it is down', async () => {
    // A handler that blocks the event loop longer than the session (a 12 MB CSV header once blocked
    // catalog 14 s) sends no heartbeat: the coordinator drops the member, the commit after the batch
    // is refused ("The coordinator is not aware of this member"), and kafkajs gives the consumer up
    // for good (a crash with restart=false). The broker's shortest session, 6 s, keeps this short.
    const shortSessions = new KafkaMessageBus({
      clientId: 'test-crash',
      brokers: serverEndpoints().kafkaBrokers,
      logLevel: logLevel.NOTHING,
      sessionTimeoutMs: 6_000,
      restartFirstMs: 1_000,
    });
    const topic = uniqueName('pk.test.events');
    await shortSessions.ensureTopics([{ topic, partitions: 1 }]);
    const handled: string[] = [];
    let stalls = 0;
    const subscription = await shortSessions.subscribe({
      groupId: uniqueName('test.crash'),
      topics: [topic],
      handle: async (messages) => {
        for (const m of messages) {
          if (m.value === 'stall' && stalls++ === 0) {
            const until = Date.now() + 9_000;
            while (Date.now() < until); // the event loop is blocked: no heartbeat leaves
          }
          handled.push(m.value!);
        }
      },
    });
    try {
      await shortSessions.publish(topic, [{ key: 'k', value: 'before', headers: {} }]);
      await until(() => handled.includes('before'), 'the first message');
      expect(subscription.status()).toMatchObject({ state: 'running', healthy: true, restarts: 0 });

      await shortSessions.publish(topic, [{ key: 'k', value: 'stall', headers: {} }]);
      await until(() => subscription.status().state === 'restarting', 'the crash', { pollMs: 20 });
      const crashedAt = Date.now();
      const down = subscription.status();
      expect(down.healthy).toBe(false);
      expect(down.problem).toMatch(/restarting/);
      expect(down.lastError).toMatch(/coordinator is not aware of this member/);

      await shortSessions.publish(topic, [{ key: 'k', value: 'after', headers: {} }]);
      await until(() => handled.includes('after'), 'the message after the crash', { timeoutMs: 60_000 });
      const up = subscription.status();
      expect(up).toMatchObject({ state: 'running', healthy: true, restarts: 1 });
      // the refused commit left 'stall' uncommitted: the fresh consumer handles it again, in order
      expect(handled.slice(handled.indexOf('stall'))).toEqual(['stall', 'stall', 'after']);
      process.stdout.write(
        `consumer crash → consuming again: ${Date.parse(up.since) - Date.parse(down.since)} ms ` +
          `(status seen restarting ${crashedAt - Date.parse(down.since)} ms after the crash)\n`,
      );
    } finally {
      await subscription.stop();
      await shortSessions.close();
    }
  });

  it('reports a consumer that runs but commits nothing while messages wait, and clears it once it moves', async () => {
    const watched = new KafkaMessageBus({
      clientId: 'test-stall',
      brokers: serverEndpoints().kafkaBrokers,
      logLevel: logLevel.NOTHING,
      watchIntervalMs: 250,
      stallAfterMs: 1_500,
    });
    const topic = uniqueName('pk.test.events');
    await watched.ensureTopics([{ topic, partitions: 1 }]);
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const subscription = await watched.subscribe({
      groupId: uniqueName('test.stall'),
      topics: [topic],
      handle: async (messages) => {
        if (messages.some((m) => m.value === 'hangs')) await stuck; // a write that never returns
        handled.push(...messages.map((m) => m.value!));
      },
    });
    try {
      await watched.publish(topic, [{ key: 'k', value: 'hangs', headers: {} }]);
      await watched.publish(
        topic,
        ['a', 'b', 'c'].map((value) => ({ key: 'k', value, headers: {} })),
      );
      await until(() => subscription.status().stalledSince !== null, 'the stall to show', {
        timeoutMs: 20_000,
      });
      const stalled = subscription.status();
      expect(stalled).toMatchObject({ state: 'running', healthy: false });
      expect(stalled.problem).toMatch(/not progressing since .* while 4 messages behind/);

      release();
      await until(() => handled.length === 4, 'the messages once the write returns');
      // the lag is measured now and then (watchIntervalMs): the first measure after the release may
      // have read the offsets before the last commit
      await until(
        () => subscription.status().healthy && subscription.status().lag === 0,
        'the status to clear',
      );
      expect(subscription.status()).toMatchObject({ lag: 0, stalledSince: null, problem: null });
    } finally {
      release();
      await subscription.stop();
      await watched.close();
    }
  });

  it('creates topics with explicit partitions and unlimited retention, and tolerates existing ones', async () => {
    const topic = uniqueName('pk.test.events');
    await bus.ensureTopics([{ topic, partitions: 4 }]);
    await bus.ensureTopics([{ topic, partitions: 4 }]);
    const admin = kafka.admin();
    await admin.connect();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const configs = await admin.describeConfigs({
      resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    expect(metadata!.partitions).toHaveLength(4);
    expect(configs.resources[0]!.configEntries[0]).toMatchObject({
      configName: 'retention.ms',
      configValue: '-1',
    });
  });
});

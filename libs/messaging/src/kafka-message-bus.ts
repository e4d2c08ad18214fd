import { Logger } from '@nestjs/common';
import { PUBLIC_TOPIC_PARTITIONS } from '@pk/contracts';
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import {
  deadLetterTopicOf,
  type MessageBus,
  type OutgoingMessage,
  type RunningSubscription,
  type SubscriptionSpec,
  type TopicSpec,
} from '@pk/kernel';
import { SupervisedSubscription, type SupervisionSettings } from './supervised-subscription';

export interface KafkaMessageBusOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** Replicas per topic: 1 on a one-node stack, 3 on a real cluster. */
  readonly replicationFactor?: number;
  readonly logLevel?: logLevel;
  /** How long the broker keeps a silent consumer in its group; default 15 s (the broker's minimum is 6 s). */
  readonly sessionTimeoutMs?: number;
  /** First pause before a crashed consumer is replaced, doubled per crash in a row up to 10 s; default 1 s. */
  readonly restartFirstMs?: number;
  /** How often the consumers' lag is measured; default 10 s (0: never). */
  readonly watchIntervalMs?: number;
  /** Behind and committing nothing for this long: reported stalled; default 60 s. */
  readonly stallAfterMs?: number;
  /**
   * After a batch that reached the end of its partition, how long a consumer waits before it
   * fetches again, so that under load one fetch, one write and one commit serve many events;
   * default 20 ms (0: at once). A lone event on an idle topic is not delayed by it.
   */
  readonly lingerMs?: number;
}

/**
 * The messaging port on kafkajs: idempotent producer, one supervised consumer per subscription
 * (restarted after any crash, see SupervisedSubscription), lag watched for stalls.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly logger = new Logger('messaging');
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private readonly subscriptions = new Set<SupervisedSubscription>();
  private readonly supervision: SupervisionSettings;
  private readonly watchIntervalMs: number;
  private watch: NodeJS.Timeout | undefined;
  private measuring: Promise<void> | undefined;

  constructor(private readonly options: KafkaMessageBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: options.logLevel ?? logLevel.WARN,
    });
    this.supervision = {
      sessionTimeoutMs: options.sessionTimeoutMs ?? 15_000,
      restartFirstMs: options.restartFirstMs ?? 1_000,
      // short enough that a consumer is back within seconds of the broker after a long outage
      restartMaxMs: 10_000,
      stallAfterMs: options.stallAfterMs ?? 60_000,
      lingerMs: options.lingerMs ?? 20,
    };
    this.watchIntervalMs = options.watchIntervalMs ?? 10_000;
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length > 0) {
        await admin
          .createTopics({
            // kafkajs's own wait gives up on "does not host this topic-partition": leadersOf waits
            waitForLeaders: false,
            topics: missing.map((t) => ({
              topic: t.topic,
              numPartitions: t.partitions,
              replicationFactor: this.options.replicationFactor ?? 1,
              // Integration topics keep every event: late subscribers and rebuilds read from the start.
              configEntries: [
                { name: 'retention.ms', value: '-1' },
                { name: 'retention.bytes', value: '-1' },
              ],
            })),
          })
          .catch((error: unknown) => {
            // Another replica created it between our list and create: that is the outcome we wanted.
            if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
          });
      }
      await leadersOf(
        admin,
        topics.map((t) => t.topic),
      );
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * A send that fails (the broker away past kafkajs's retries, a fenced or confused idempotent
   * producer) retires the producer: the next send starts a fresh one instead of going on with one
   * whose state the failure may have left broken. The caller (the relay) tries again.
   */
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const connecting = this.connectedProducer();
    try {
      const producer = await connecting;
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
    } catch (error) {
      if (this.producer === connecting) {
        this.producer = undefined;
        this.logger.warn(`producer replaced after a failed send to ${topic}: ${String(error)}`);
        void connecting.then((broken) => broken.disconnect()).catch(() => undefined);
      }
      throw error;
    }
  }

  async subscribe(spec: SubscriptionSpec): Promise<RunningSubscription> {
    const deadLetterTopic = spec.deadLetterTopic ?? deadLetterTopicOf(spec.groupId);
    // A subscriber may start before the publisher has ever run: the topics it reads must exist
    // (the broker does not create topics on demand), or the consumer cannot join.
    await this.ensureTopics([
      ...spec.topics.map((topic) => ({ topic, partitions: PUBLIC_TOPIC_PARTITIONS })),
      { topic: deadLetterTopic, partitions: 1 },
    ]);
    const subscription = new SupervisedSubscription({
      kafka: this.kafka,
      spec,
      deadLetterTopic,
      settings: this.supervision,
      logger: this.logger,
      publish: (topic, messages) => this.publish(topic, messages),
      withAdmin: (request) => this.withAdmin(request),
    });
    await subscription.start();
    this.subscriptions.add(subscription);
    this.watchProgress();
    return {
      groupId: subscription.groupId,
      deadLetterTopic,
      status: () => subscription.status(),
      replayDeadLetters: (progress) => subscription.replayDeadLetters(progress),
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  /**
   * Now and then, how far each running subscription's group is behind its topics, on one admin
   * connection: a consumer that runs but commits nothing while its lag stays is reported stalled.
   */
  private watchProgress(): void {
    if (this.watch || this.watchIntervalMs <= 0) return;
    this.watch = setInterval(() => {
      if (this.measuring || this.subscriptions.size === 0) return;
      this.measuring = this.withAdmin(async (admin) => {
        for (const subscription of this.subscriptions) {
          await subscription.measureLag(admin).catch((error: unknown) => {
            this.logger.warn(`${subscription.groupId}: lag not measured: ${String(error)}`);
          });
        }
      }, 5_000)
        .catch(() => undefined) // the broker is away: the consumers say so themselves
        .finally(() => (this.measuring = undefined));
    }, this.watchIntervalMs);
    this.watch.unref();
  }

  async endOffsets(topic: string): Promise<Map<number, string>> {
    return this.withAdmin(async (admin) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, o.high]));
    });
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    return this.withAdmin(async (admin) => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map((offsets?.partitions ?? []).map((p) => [p.partition, p.offset]));
    });
  }

  /**
   * One admin request on a connection of its own, asked again (on a fresh connection, so with fresh
   * metadata) while the broker answers with a retriable error: a partition that has just got its
   * leader may still answer "not the leader" or "does not host" for a moment.
   */
  private async withAdmin<T>(request: (admin: Admin) => Promise<T>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        return await request(admin);
      } catch (error) {
        if (!isRetriable(error) || Date.now() > deadline) throw error;
      } finally {
        await admin.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.watch);
    this.watch = undefined;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    // a lag measurement on its way is waited for, a little: its own retries end within 5 s (with the
    // broker gone it would give up then anyway), and left running it would outlive the bus — in a
    // test, past the end of the file's environment
    if (this.measuring) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.measuring,
        new Promise((resolve) => (timer = setTimeout(resolve, 6_000))),
      ]).finally(() => clearTimeout(timer));
    }
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2 like the Java client: a key lands in the same partition whoever produces it
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}

/**
 * Waits until every partition of the topics has a leader. A topic another process has just created
 * exists before its partitions are served, and offsets asked for meanwhile fail with "This server
 * does not host this topic-partition": several services starting at once over fresh topics met it.
 */
async function leadersOf(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (
        found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0))
      ) {
        return;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`no leaders for the partitions of ${topics.join(', ')} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A broker error worth asking again, also when kafkajs wraps it after its own retries. */
function isRetriable(error: unknown): boolean {
  const causes = [
    error,
    (error as { originalError?: unknown })?.originalError,
    (error as { cause?: unknown })?.cause,
  ];
  return causes.some((cause) => (cause as { retriable?: unknown } | undefined)?.retriable === true);
}

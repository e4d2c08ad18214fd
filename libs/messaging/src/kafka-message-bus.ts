import { Logger } from '@nestjs/common';
import { PUBLIC_TOPIC_PARTITIONS } from '@pk/contracts';
import {
  type Admin,
  Consumer,
  IHeaders,
  Kafka,
  KafkaMessage,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import {
  deadLetterTopicOf,
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  RunningSubscription,
  SubscriptionSpec,
  TopicSpec,
} from '@pk/kernel';

export interface KafkaMessageBusOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** Replicas per topic: 1 on a one-node stack, 3 on a real cluster. */
  readonly replicationFactor?: number;
  readonly logLevel?: logLevel;
}

/** The messaging port on kafkajs: idempotent producer, one consumer per subscription. */
export class KafkaMessageBus implements MessageBus {
  private readonly logger = new Logger('messaging');
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaMessageBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: options.logLevel ?? logLevel.WARN,
    });
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

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async subscribe(spec: SubscriptionSpec): Promise<RunningSubscription> {
    const deadLetterTopic = deadLetterTopicOf(spec.groupId);
    // A subscriber may start before the publisher has ever run: the topics it reads must exist
    // (the broker does not create topics on demand), or the consumer cannot join.
    await this.ensureTopics([
      ...spec.topics.map((topic) => ({ topic, partitions: PUBLIC_TOPIC_PARTITIONS })),
      { topic: deadLetterTopic, partitions: 1 },
    ]);
    const consumer = this.kafka.consumer({
      groupId: spec.groupId,
      allowAutoTopicCreation: false,
      // A crashed member's partitions move to the others after 15 s instead of kafkajs's 30 s;
      // handlers heartbeat between retries, so slow work does not trip it.
      sessionTimeout: 15_000,
      heartbeatInterval: 3_000,
    });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...spec.topics], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));

    await consumer.run({
      // Partitions are independent (one aggregate's messages share one), so while one partition's
      // batch is written the next partition's is too: a slow write does not hold up the others.
      partitionsConsumedConcurrently: spec.partitionsConsumedConcurrently ?? 3,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.messages.length === 0) return;
        const messages = batch.messages.map((m) => incoming(batch.topic, batch.partition, m));
        try {
          await spec.handle(messages);
        } catch {
          for (const message of messages) {
            // Stopping or rebalancing: commit nothing more; the partition's next owner redelivers.
            if (!isRunning() || isStale()) return;
            if (!(await this.handleAlone(spec, deadLetterTopic, message, heartbeat, isRunning))) return;
            resolveOffset(message.offset);
            await heartbeat();
          }
        }
        const last = batch.messages[batch.messages.length - 1]!.offset;
        resolveOffset(last);
        // Committed only after handling: a crash before this line redelivers, never loses.
        const next = (BigInt(last) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        spec.onCommitted?.(batch.topic, batch.partition, next);
        await heartbeat();
      },
    });
    await withTimeout(joined, 60_000, `consumer group ${spec.groupId} did not join within 60 s`);

    return {
      groupId: spec.groupId,
      deadLetterTopic,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
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
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producer) await (await this.producer).disconnect();
    this.producer = undefined;
  }

  /**
   * One message on its own. An outage of what the handler writes to (isTransient) is waited out
   * with capped backoff, never dead-lettered: the messages behind it would go the same way and be
   * lost to the read model. Other failures get bounded retries, then the dead-letter topic.
   * Returns false when the consumer is stopping and the message was not settled.
   */
  private async handleAlone(
    spec: SubscriptionSpec,
    deadLetterTopic: string,
    message: IncomingMessage,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    const attempts = spec.attempts ?? 3;
    const backoffMs = spec.backoffMs ?? 200;
    for (let attempt = 1, waits = 0; ;) {
      try {
        await spec.handle([message]);
        return true;
      } catch (error) {
        this.logger.warn(
          `${spec.groupId}: ${message.topic}/${message.partition}@${message.offset} failed (attempt ${attempt}): ${String(error)}`,
        );
        if (await spec.isTransient?.(error)) {
          waits += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.min(backoffMs * 2 ** waits, 5_000)));
        } else if (attempt >= attempts || spec.isPermanent?.(error)) {
          await this.publish(deadLetterTopic, [deadLetter(spec.groupId, message, error, attempt)]);
          return true;
        } else {
          await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
          attempt += 1;
        }
        if (!isRunning()) return false;
        await heartbeat();
      }
    }
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

function incoming(topic: string, partition: number, m: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value?.toString() ?? null,
    headers: headersOf(m.headers),
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
  }
  return out;
}

/** The original message, untouched, with where it came from and why it failed. */
function deadLetter(
  groupId: string,
  message: IncomingMessage,
  error: unknown,
  attempts: number,
): OutgoingMessage {
  return {
    key: message.key ?? '',
    value: message.value ?? '',
    headers: {
      ...message.headers,
      'dlt-error': error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      'dlt-original-topic': message.topic,
      'dlt-original-partition': String(message.partition),
      'dlt-original-offset': message.offset,
      'dlt-consumer-group': groupId,
      'dlt-attempts': String(attempts),
      'dlt-failed-at': new Date().toISOString(),
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
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

import type { Logger } from '@nestjs/common';
import type {
  DeadLetterReplay,
  IncomingMessage,
  OutgoingMessage,
  PartitionLag,
  RunningSubscription,
  SubscriptionSpec,
  SubscriptionStatus,
} from '@pk/kernel';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';

export interface SupervisionSettings {
  /** How long the broker keeps a silent member in its group. */
  readonly sessionTimeoutMs: number;
  /** First pause before a fresh consumer replaces a crashed one; doubled per crash in a row. */
  readonly restartFirstMs: number;
  readonly restartMaxMs: number;
  /** Behind and committing nothing for this long: reported as stalled. */
  readonly stallAfterMs: number;
  /**
   * After a batch that reached the end of its partition, how long the next fetch waits, so that it
   * brings what arrives meanwhile as one batch (see eachBatch); 0: fetch again at once.
   */
  readonly lingerMs: number;
}

interface Dependencies {
  readonly kafka: Kafka;
  readonly spec: SubscriptionSpec;
  readonly deadLetterTopic: string;
  readonly settings: SupervisionSettings;
  readonly logger: Logger;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** A connected admin for one request (the bus's own, asked again on retriable errors). */
  withAdmin<T>(request: (admin: Admin) => Promise<T>): Promise<T>;
}

/** How one message on its own ended. */
type Settled = 'handled' | 'dead-lettered' | 'unsettled';

/**
 * The batches of one fetch (one per partition), handled in one call and committed in one request:
 * kafkajs hands them to its workers in the same tick, so they gather before the next macrotask.
 */
interface Round {
  readonly batches: { readonly topic: string; readonly partition: number; readonly next: string }[];
  readonly messages: IncomingMessage[];
  /** 'committed', or 'failed' when the handler refused the lot (each batch then goes on its own). */
  outcome?: Promise<'committed' | 'failed'>;
}

/**
 * kafkajs workers, so that every partition's batch of a fetch joins one round: public topics have 6
 * partitions, and a subscription reads a few topics at most.
 */
const WORKERS = 32;

/** The consumer has not joined within this long: treated as a crash, replaced. */
const JOIN_WITHIN_MS = 60_000;
/** A consumer that ran this long before it crashed was not in a crash loop. */
const STABLE_AFTER_MS = 30_000;
/** A crashed consumer's handlers still running are waited for this long before its successor starts. */
const DRAIN_WITHIN_MS = 60_000;

/**
 * One subscription's consumer, kept alive: kafkajs gives up on a consumer after a non-retriable
 * error (a commit refused because the group coordinator forgot the member, as a broker restart or a
 * long stall of the process causes), and leaves it disconnected for good. Here every crash —
 * retriable or not; kafkajs's own restart is switched off so there is one way back — replaces the
 * consumer with a fresh one after a pause (1 s, doubling to 10 s), for as long as the subscription
 * runs, and logs it. The handlers of the crashed consumer are let finish before its successor
 * starts, so no two consumers of this process handle one partition at once. The status says at any
 * moment whether it runs, is being restarted, waits out an outage, or is stuck behind its topics.
 */
export class SupervisedSubscription implements RunningSubscription {
  private consumer: Consumer | undefined;
  private readonly crashed = new WeakSet<Consumer>();
  private state: SubscriptionStatus['state'] = 'restarting';
  private since = new Date();
  private restarts = 0;
  private crashesInARow = 0;
  private lastError: string | null = null;
  private lastCommittedAt: Date | null = null;
  /** Partitions whose message waits out an outage, since when. */
  private readonly waiting = new Map<string, Date>();
  private lag: { behind: number; at: Date; partitions: PartitionLag[] } | null = null;
  /** Behind the topics and committing nothing since then (null: caught up or progressing). */
  private quietSince: Date | null = null;
  private committedAtLastMeasure = -1n;
  private restartTimer: NodeJS.Timeout | undefined;
  private joinTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private replaying: Promise<DeadLetterReplay> | undefined;
  private stopping = false;
  /** The round the batches of the current fetch are joining (undefined once it is being handled). */
  private round: Round | undefined;
  private firstJoin: () => void = () => undefined;

  constructor(private readonly deps: Dependencies) {}

  get groupId(): string {
    return this.deps.spec.groupId;
  }

  get deadLetterTopic(): string {
    return this.deps.deadLetterTopic;
  }

  /** Resolves once the first consumer joined its group (crashes before that are restarted too). */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve) => (this.firstJoin = resolve));
    void this.launch();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        joined,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(new Error(`consumer group ${this.groupId} did not join within 60 s: ${this.lastError}`)),
            JOIN_WITHIN_MS,
          );
        }),
      ]);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.joinTimer);
    this.enter('stopped');
    await this.consumer?.disconnect().catch(() => undefined);
    await this.replaying?.catch(() => undefined);
  }

  status(): SubscriptionStatus {
    const waitingSince = [...this.waiting.values()].sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const stalled =
      this.state === 'running' &&
      waitingSince === null &&
      this.quietSince !== null &&
      Date.now() - this.quietSince.getTime() >= this.deps.settings.stallAfterMs;
    const problem =
      this.state === 'stopped'
        ? 'stopped'
        : this.state === 'restarting'
          ? `consumer restarting since ${this.since.toISOString()}${this.lastError ? ` after: ${this.lastError}` : ''}`
          : waitingSince
            ? `waiting since ${waitingSince.toISOString()} for what its handler needs (a store away, a replica behind): ${this.lastError}`
            : stalled
              ? `not progressing since ${this.quietSince!.toISOString()} while ${this.lag?.behind} messages behind`
              : null;
    return {
      groupId: this.groupId,
      state: this.state,
      since: this.since.toISOString(),
      restarts: this.restarts,
      lastError: this.lastError,
      lastCommittedAt: this.lastCommittedAt?.toISOString() ?? null,
      waitingForOutageSince: waitingSince?.toISOString() ?? null,
      lag: this.lag?.behind ?? null,
      partitionLag: this.lag?.partitions ?? [],
      lagMeasuredAt: this.lag?.at.toISOString() ?? null,
      stalledSince: stalled ? this.quietSince!.toISOString() : null,
      healthy: problem === null,
      problem,
    };
  }

  /**
   * Measures how far the group is behind its topics (the bus calls it now and then, with one admin
   * for all its subscriptions). Progress is any committed offset moving, by this member or another.
   */
  async measureLag(admin: Admin): Promise<void> {
    if (this.state !== 'running') return;
    let behind = 0n;
    let committedSum = 0n;
    const partitions: PartitionLag[] = [];
    const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: [...this.deps.spec.topics] });
    for (const topic of this.deps.spec.topics) {
      const done = new Map(
        (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [
          p.partition,
          BigInt(p.offset),
        ]),
      );
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        const reached = done.get(partition) ?? -1n;
        const from = reached >= 0n ? reached : BigInt(low);
        const partitionBehind = BigInt(high) > from ? BigInt(high) - from : 0n;
        behind += partitionBehind;
        partitions.push({ topic, partition, lag: Number(partitionBehind) });
        committedSum += from;
      }
    }
    const now = new Date();
    const progressed =
      committedSum > this.committedAtLastMeasure ||
      (this.lastCommittedAt !== null && this.lag !== null && this.lastCommittedAt > this.lag.at);
    this.committedAtLastMeasure = committedSum;
    this.lag = { behind: Number(behind), at: now, partitions };
    if (behind === 0n) this.quietSince = null;
    else if (progressed || this.quietSince === null) this.quietSince = now;
  }

  replayDeadLetters(progress?: (replay: DeadLetterReplay) => void): Promise<DeadLetterReplay> {
    this.replaying ??= this.replay(progress ?? (() => undefined)).finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  // ——— the consumer's life ———

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const { kafka, spec, settings } = this.deps;
    const consumer = kafka.consumer({
      groupId: spec.groupId,
      allowAutoTopicCreation: false,
      // A crashed member's partitions move to the others after 15 s instead of kafkajs's 30 s;
      // handlers heartbeat while they work, so slow work does not trip it.
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: Math.floor(settings.sessionTimeoutMs / 5),
      // kafkajs restarts a crashed consumer only after retriable errors; this supervisor restarts
      // after any, with a fresh consumer: one way back, logged and visible in the status.
      retry: { restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (consumer !== this.consumer || this.stopping) return;
      clearTimeout(this.joinTimer);
      if (this.state === 'restarting' && this.restarts > 0) {
        this.deps.logger.log(
          `${this.groupId}: consuming again, ${Date.now() - this.since.getTime()} ms after the crash (restart ${this.restarts})`,
        );
      }
      this.enter('running');
      this.firstJoin();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.onCrash(consumer, payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...spec.topics], fromBeginning: true });
      clearTimeout(this.joinTimer);
      this.joinTimer = setTimeout(
        () => this.onCrash(consumer, new Error(`did not join its group within ${JOIN_WITHIN_MS / 1000} s`)),
        JOIN_WITHIN_MS,
      );
      await consumer.run({
        // Every partition's batch of a fetch at once, so that they join one round (see eachBatch);
        // a handler that must not run twice at once asks for 1.
        partitionsConsumedConcurrently: spec.partitionsConsumedConcurrently ?? WORKERS,
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.tracked(this.eachBatch(consumer, payload)),
      });
    } catch (error) {
      this.onCrash(consumer, error);
    }
  }

  private onCrash(consumer: Consumer, error: unknown): void {
    if (consumer !== this.consumer || this.crashed.has(consumer) || this.stopping) return;
    this.crashed.add(consumer);
    clearTimeout(this.joinTimer);
    // A consumer that ran a while before crashing starts the backoff over; a crash loop doubles it.
    if (this.state === 'running' && Date.now() - this.since.getTime() > STABLE_AFTER_MS)
      this.crashesInARow = 0;
    this.lastError = describe(error);
    this.enter('restarting');
    const delay = Math.min(
      this.deps.settings.restartFirstMs * 2 ** this.crashesInARow,
      this.deps.settings.restartMaxMs,
    );
    this.crashesInARow += 1;
    this.deps.logger.error(
      `${this.groupId}: consumer crashed (${this.lastError}); a fresh consumer in ${delay} ms`,
    );
    this.restartTimer = setTimeout(() => void this.restart(consumer), delay);
  }

  private async restart(crashed: Consumer): Promise<void> {
    if (this.stopping) return;
    // kafkajs disconnects a consumer it gives up on; a consumer that crashed otherwise is disconnected here.
    await within(
      crashed.disconnect().catch(() => undefined),
      10_000,
    );
    // Its handlers may still be at work (a write, an outage wait): its successor may get the same
    // partitions, and one partition must not be handled twice at once in this process.
    if (!(await within(Promise.allSettled([...this.inFlight]), DRAIN_WITHIN_MS))) {
      this.deps.logger.warn(
        `${this.groupId}: the crashed consumer's handlers still run after ${DRAIN_WITHIN_MS / 1000} s; starting its successor`,
      );
    }
    if (this.stopping) return;
    this.restarts += 1;
    await this.launch();
  }

  private enter(state: SubscriptionStatus['state']): void {
    if (this.state === state) return;
    if (this.state === 'stopped') return;
    this.state = state;
    this.since = new Date();
    if (state !== 'running') this.quietSince = null;
  }

  private tracked<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }

  // ——— handling ———

  /**
   * A partition's batch. The batches of one fetch are handled together (one handler call, one
   * commit of all their offsets: a round), so a fetch that brings events of several partitions
   * costs one write to the read store and one commit, not one per partition. If the handler
   * refuses the round, each batch goes on its own, message by message (retries, outage waits,
   * dead letters), and commits its own offset, as before. Offsets are committed only after
   * handling: a crash before the commit redelivers, never loses.
   *
   * A batch that reached the end of its partition waits `lingerMs` before it returns, and the
   * next fetch with it: under load that fetch then brings what arrived meanwhile as one batch,
   * instead of a fetch, a write and a commit per event; when idle the fetch waits at the broker as
   * usual, so a lone event is not delayed.
   */
  private async eachBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    if (batch.messages.length === 0) return;
    const messages = batch.messages.map((m) => incoming(batch.topic, batch.partition, m));
    const last = batch.messages[batch.messages.length - 1]!.offset;
    const next = (BigInt(last) + 1n).toString();
    const outcome = await this.joinRound(consumer, heartbeat, {
      topic: batch.topic,
      partition: batch.partition,
      next,
      messages,
    });
    if (outcome === 'committed') {
      resolveOffset(last);
      await heartbeat();
    } else {
      for (const message of messages) {
        // Stopping or rebalancing: commit nothing more; the partition's next owner redelivers.
        if (!isRunning() || isStale()) return;
        if ((await this.handleAlone(message, heartbeat, isRunning)) === 'unsettled') return;
        resolveOffset(message.offset);
        await heartbeat();
      }
      resolveOffset(last);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      this.committed(batch.topic, batch.partition, next);
      await heartbeat();
    }
    if (this.deps.settings.lingerMs > 0 && batch.offsetLag() === '0' && isRunning()) {
      await pause(this.deps.settings.lingerMs);
    }
  }

  private joinRound(
    consumer: Consumer,
    heartbeat: () => Promise<void>,
    batch: { topic: string; partition: number; next: string; messages: IncomingMessage[] },
  ): Promise<'committed' | 'failed'> {
    let round = this.round;
    if (!round) {
      const joining: Round = { batches: [], messages: [] };
      this.round = round = joining;
      joining.outcome = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.round === joining) this.round = undefined;
        return this.settleRound(consumer, heartbeat, joining);
      });
    }
    round.batches.push({ topic: batch.topic, partition: batch.partition, next: batch.next });
    round.messages.push(...batch.messages);
    return round.outcome!;
  }

  private async settleRound(
    consumer: Consumer,
    heartbeat: () => Promise<void>,
    round: Round,
  ): Promise<'committed' | 'failed'> {
    try {
      await whileBeating(
        heartbeat,
        this.deps.settings.sessionTimeoutMs / 5,
        this.deps.spec.handle(round.messages),
      );
    } catch {
      return 'failed';
    }
    // A refused commit (a rebalance, the coordinator away) fails every batch of the round: the
    // consumer crashes and is replaced, and the partitions' next owner redelivers.
    await consumer.commitOffsets(
      round.batches.map(({ topic, partition, next }) => ({ topic, partition, offset: next })),
    );
    for (const { topic, partition, next } of round.batches) this.committed(topic, partition, next);
    return 'committed';
  }

  private committed(topic: string, partition: number, next: string): void {
    this.lastCommittedAt = new Date();
    this.crashesInARow = 0;
    this.deps.spec.onCommitted?.(topic, partition, next);
  }

  /**
   * One message on its own. An outage of what the handler depends on (isTransient) is waited out
   * with capped backoff, never dead-lettered: the messages behind it would go the same way. Other
   * failures get bounded retries, then the dead-letter topic.
   */
  private async handleAlone(
    message: IncomingMessage,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<Settled> {
    const { spec, deadLetterTopic, logger } = this.deps;
    const attempts = spec.attempts ?? 3;
    const backoffMs = spec.backoffMs ?? 200;
    const key = `${message.topic}/${message.partition}`;
    try {
      for (let attempt = 1, waits = 0; ;) {
        try {
          await whileBeating(heartbeat, this.deps.settings.sessionTimeoutMs / 5, spec.handle([message]));
          return 'handled';
        } catch (error) {
          logger.warn(
            `${spec.groupId}: ${message.topic}/${message.partition}@${message.offset} failed (attempt ${attempt}): ${String(error)}`,
          );
          if (await spec.isTransient?.(error)) {
            waits += 1;
            if (!this.waiting.has(key)) this.waiting.set(key, new Date());
            this.lastError = describe(error);
            await pause(Math.min(backoffMs * 2 ** waits, 5_000));
          } else if (attempt >= attempts || spec.isPermanent?.(error)) {
            await this.deps.publish(deadLetterTopic, [deadLetter(spec.groupId, message, error, attempt)]);
            return 'dead-lettered';
          } else {
            this.waiting.delete(key);
            await pause(backoffMs * 2 ** (attempt - 1));
            attempt += 1;
          }
          if (!isRunning()) return 'unsettled';
          await heartbeat();
        }
      }
    } finally {
      this.waiting.delete(key);
    }
  }

  // ——— replaying dead letters ———

  /**
   * Reads the dead-letter topic in a group of its own (`<group>.replay`), whose committed offsets
   * mark what was replayed, up to the end the topic had when the replay began: a letter that fails
   * again goes to the end of the topic (for a later replay), not round in circles.
   */
  private async replay(progress: (replay: DeadLetterReplay) => void): Promise<DeadLetterReplay> {
    const { kafka, deadLetterTopic, logger } = this.deps;
    const replayGroup = `${this.groupId}.replay`;
    const startedAt = new Date().toISOString();
    let report: DeadLetterReplay = {
      groupId: this.groupId,
      deadLetterTopic,
      state: 'replaying',
      total: 0,
      replayed: 0,
      handled: 0,
      deadLetteredAgain: 0,
      startedAt,
      finishedAt: null,
      error: null,
    };
    const update = (change: Partial<DeadLetterReplay>) => {
      report = { ...report, ...change };
      progress(report);
    };
    const ends = new Map<number, bigint>();
    let total = 0n;
    const finish = (change: Partial<DeadLetterReplay>) => {
      update({ ...change, finishedAt: new Date().toISOString() });
      return report;
    };
    try {
      await this.deps.withAdmin(async (admin) => {
        const [done] = await admin.fetchOffsets({ groupId: replayGroup, topics: [deadLetterTopic] });
        const reached = new Map((done?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
        for (const { partition, low, high } of await admin.fetchTopicOffsets(deadLetterTopic)) {
          const from = (reached.get(partition) ?? -1n) >= 0n ? reached.get(partition)! : BigInt(low);
          if (BigInt(high) > from) {
            ends.set(partition, BigInt(high));
            total += BigInt(high) - from;
          }
        }
      });
    } catch (error) {
      return finish({ state: 'failed', error: describe(error) });
    }
    update({ total: Number(total) });
    if (total === 0n) return finish({ state: 'finished' });

    const consumer = kafka.consumer({
      groupId: replayGroup,
      allowAutoTopicCreation: false,
      sessionTimeout: this.deps.settings.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.deps.settings.sessionTimeoutMs / 5),
    });
    const remaining = new Set(ends.keys());
    let done: () => void = () => undefined;
    let failed: (error: unknown) => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => failed(payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
          const end = ends.get(batch.partition) ?? 0n;
          for (const letter of batch.messages) {
            if (BigInt(letter.offset) >= end || this.stopping) break;
            const settled = await this.handleAlone(originalOf(letter), heartbeat, isRunning);
            if (settled === 'unsettled') return;
            const next = (BigInt(letter.offset) + 1n).toString();
            resolveOffset(letter.offset);
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
            update({
              replayed: report.replayed + 1,
              handled: report.handled + (settled === 'handled' ? 1 : 0),
              deadLetteredAgain: report.deadLetteredAgain + (settled === 'dead-lettered' ? 1 : 0),
            });
            if (BigInt(next) >= end) remaining.delete(batch.partition);
          }
          if (remaining.size === 0) done();
        },
      });
      await finished;
      return finish({ state: 'finished' });
    } catch (error) {
      logger.error(`${this.groupId}: replay of dead letters failed: ${describe(error)}`);
      return finish({ state: 'failed', error: describe(error) });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }
}

/** Runs the work while heartbeating, so a long batch does not cost the member its place in the group. */
async function whileBeating<T>(
  heartbeat: () => Promise<void>,
  everyMs: number,
  work: Promise<T>,
): Promise<T> {
  // A refused heartbeat (a rebalance) is noticed by the commit after the work; here it is only kept alive.
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
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

/** The message as it first came, from a dead letter: where it came from, its own headers. */
function originalOf(letter: KafkaMessage): IncomingMessage {
  const headers = headersOf(letter.headers);
  const own = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('dlt-')));
  return {
    topic: headers['dlt-original-topic'] ?? '',
    partition: Number(headers['dlt-original-partition'] ?? 0),
    offset: headers['dlt-original-offset'] ?? letter.offset,
    key: letter.key?.toString() ?? null,
    value: letter.value?.toString() ?? null,
    headers: own,
  };
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

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether the work settled within the time (it goes on either way). */
function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

import { Logger } from '@nestjs/common';
import type { Actor, EventEnvelope } from '@pk/contracts';
import {
  inBatchSpan,
  type IncomingMessage,
  type MessageBus,
  OutageClassifier,
  ReplicaBehind,
  type RunningSubscription,
  type SubscriptionStatus,
} from '@pk/kernel';
import type { Connection, Model } from 'mongoose';
import pLimit from 'p-limit';
import { DocumentWriter, StagedDocumentWriter, UPDATES_IN_FLIGHT } from './document-writer';
import { defaultGroup, Generations, type ProjectionState } from './generations';
import {
  foldPartition,
  heldFrom,
  type HeldPartition,
  partitionKey,
  type StoredPartitionState,
} from './partition-aggregate';
import type { Collections, DocumentChange, DocumentOf, ProjectionDefinition } from './projection';
import type { Fields, Filter, FindOptions, ReadCollection, ReadModel } from './read-model';
import { readStoreOutageProbe } from './read-store-probe';

export interface ProjectionRunnerOptions<TEvent extends EventEnvelope, TCollections extends Collections> {
  /** Owning service, e.g. "monitoring": the first part of the consumer group id. */
  readonly service: string;
  readonly connection: Connection;
  readonly bus: MessageBus;
  readonly projection: ProjectionDefinition<TEvent, TCollections>;
  /** Parses, validates and upcasts a published event (contracts); throws on a malformed one. */
  readonly readEvent: (raw: unknown) => EventEnvelope;
  /** Errors that retrying cannot mend, e.g. a contract violation: straight to dead letters. */
  readonly isPermanent: (error: unknown) => boolean;
  /** How often a replica checks whether another one swapped generations; default 5 s. */
  readonly followIntervalMs?: number;
  /**
   * Further errors that mean the read-model database is away (waited out, never dead-lettered).
   * Driver network errors and failures while the database does not answer a ping count anyway
   * (the platform's one outage classifier, with the read store's probe).
   */
  readonly isTransient?: (error: unknown) => boolean;
  /**
   * How long the read store may leave a ping unanswered, and the runner's writes may make no
   * progress while messages wait, before health says "degraded"; default 15 s. The store is pinged
   * every `probeIntervalMs` (default 5 s).
   */
  readonly stalledAfterMs?: number;
  readonly probeIntervalMs?: number;
}

/**
 * One limit of guarded updates in flight per connection to a read store, shared by every runner
 * on it: what bounds a store's connections is the process, not the projection (see DocumentWriter).
 */
const updateLimits = new WeakMap<Connection, pLimit.Limit>();

/** Attempts at writing a caught-up rebuild's staged documents before the rebuild fails (1 s, 2 s… apart). */
const FLUSH_ATTEMPTS = 5;
function updateLimitOf(connection: Connection): pLimit.Limit {
  let limit = updateLimits.get(connection);
  if (!limit) updateLimits.set(connection, (limit = pLimit(UPDATES_IN_FLIGHT)));
  return limit;
}

export interface RebuildProgress {
  readonly generation: number;
  readonly state: 'rebuilding' | 'swapped' | 'failed';
  readonly processed: number;
  readonly total: number;
  readonly percent: number;
  readonly eventsPerSecond: number;
  readonly startedAt: string;
  /** Who asked for it: a rebuild replaces what every reader sees, so it is audited. */
  readonly requestedBy: Actor;
  readonly error?: string;
}

interface Rebuild {
  generation: number;
  group: string;
  progress: RebuildProgress;
  subscription?: RunningSubscription;
  swapping: boolean;
}

/**
 * Runs a projection from Kafka into MongoDB-wire collections.
 *
 * Each generation has its own collections and its own consumer group, whose committed offsets are
 * the stored checkpoint. A rebuild starts the next generation from the beginning of the topics
 * beside the live one (a fresh group per attempt, so an interrupted attempt never resumes half-way),
 * and when it has caught up with the offsets the topics had at its start, the state document points
 * readers at it and the old generation is dropped. The live generation never depends on a rebuild:
 * a rebuild that fails leaves it serving and consuming.
 */
export class ProjectionRunner<
  TEvent extends EventEnvelope = EventEnvelope,
  TCollections extends Collections = Collections,
> implements ReadModel<TCollections> {
  private readonly logger: Logger;
  private readonly generations: Generations;
  private active = 0;
  private activeGroup = '';
  private live: RunningSubscription | undefined;
  private rebuilding: Rebuild | undefined;
  private following: NodeJS.Timeout | undefined;
  private switching: Promise<void> | undefined;
  /** The old generation's consumer stopping and its collections dropping, after a swap. */
  private clearing: Promise<void> | undefined;
  private starting: Promise<RebuildProgress> | undefined;
  /** Next offset to read, per consumer group and "topic/partition": how far each group got. */
  private readonly committed = new Map<string, Map<string, bigint>>();
  private lagSeen: { at: number; behind: number } | undefined;
  /** One writer per generation: it remembers the documents it wrote (see DocumentWriter). */
  private readonly writers = new Map<number, DocumentWriter | StagedDocumentWriter>();
  /** Per generation, what its aggregate holds of each partition (see PartitionAggregate). */
  private readonly partitions = new Map<number, Map<string, HeldPartition<unknown>>>();
  private probing: NodeJS.Timeout | undefined;
  /** Since when the read store has not answered a ping (undefined: it answered the last one). */
  private storeSilent: { since: number; why: string } | undefined;
  private pingPending = false;
  /** Writes under way, and since when messages have waited with no write finishing. */
  private writesUnderWay = 0;
  private waitingSince: number | undefined;
  private lastWriteError: string | undefined;
  /** The only store a projection writes to is the read store: its outages are waited out. */
  private readonly outages: OutageClassifier;

  constructor(private readonly options: ProjectionRunnerOptions<TEvent, TCollections>) {
    this.logger = new Logger(`projection:${options.projection.name}`);
    this.outages = new OutageClassifier([readStoreOutageProbe(options.connection)]);
    this.generations = new Generations(
      options.connection,
      options.projection.name,
      options.projection.collections,
    );
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** The topics it reads. */
  get topics(): readonly string[] {
    return this.options.projection.topics;
  }

  async start(): Promise<void> {
    await this.goLive(await this.prepare());
    this.following = setInterval(() => void this.followSwaps(), this.options.followIntervalMs ?? 5_000);
    this.probing = setInterval(() => void this.probeStore(), this.options.probeIntervalMs ?? 5_000);
    this.probing.unref();
  }

  /**
   * The projection's state and its serving generation's collections and indexes, made where missing;
   * no consumer joins. start() begins with it; a service's migrate-only mode runs it alone.
   */
  async prepare(): Promise<ProjectionState> {
    const { projection, service } = this.options;
    const first: ProjectionState = {
      _id: projection.name,
      active: 1,
      group: defaultGroup(service, projection.name, 1),
    };
    const state = this.generations.state;
    await state.updateOne({ _id: projection.name }, { $setOnInsert: first }, { upsert: true });
    const current = (await state.findOne({ _id: projection.name })) ?? first;
    await this.generations.ensure(current.active);
    return current;
  }

  async stop(): Promise<void> {
    clearInterval(this.following);
    clearInterval(this.probing);
    await this.switching;
    await this.clearing;
    const rebuilding = this.rebuilding?.subscription;
    if (rebuilding && rebuilding !== this.live) await rebuilding.stop();
    await this.live?.stop();
  }

  /** The active generation's mongoose model of a collection (queries read through `collection`). */
  model<K extends Extract<keyof TCollections, string>>(collection: K): Model<DocumentOf<TCollections, K>> {
    return this.generations.model(collection, this.active) as unknown as Model<DocumentOf<TCollections, K>>;
  }

  /** A collection of the generation serving reads at the time of each call, as plain documents. */
  collection<K extends Extract<keyof TCollections, string>>(
    collection: K,
  ): ReadCollection<DocumentOf<TCollections, K>> {
    const model = () => this.model(collection);
    return {
      findById: async <T>(id: string, fields?: Fields) =>
        (await model().findById(id, fields).lean()) as T | null,
      findOne: async <T>(filter: Filter, fields?: Fields) =>
        (await model().findOne(filter, fields).lean()) as T | null,
      find: async <T>(filter: Filter, options: FindOptions = {}) => {
        const query = model().find(filter, options.fields);
        if (options.sort) query.sort(options.sort);
        if (options.skip) query.skip(options.skip);
        if (options.limit) query.limit(options.limit);
        return (await query.lean()) as T[];
      },
      count: (filter: Filter) => model().countDocuments(filter),
    };
  }

  get generation(): number {
    return this.active;
  }

  get deadLetterTopic(): string | undefined {
    return this.live?.deadLetterTopic;
  }

  /**
   * How many published messages the live generation has not handled yet (cached for 250 ms).
   * A replica whose lag is 0 knows everything published up to now.
   */
  async lag(): Promise<number> {
    if (this.lagSeen && Date.now() - this.lagSeen.at < 250) return this.lagSeen.behind;
    const done = this.committed.get(this.activeGroup) ?? new Map<string, bigint>();
    let behind = 0n;
    for (const topic of this.options.projection.topics) {
      for (const [partition, end] of await this.options.bus.endOffsets(topic)) {
        const reached = done.get(`${topic}/${partition}`) ?? 0n;
        if (BigInt(end) > reached) behind += BigInt(end) - reached;
      }
    }
    this.lagSeen = { at: Date.now(), behind: Number(behind) };
    return this.lagSeen.behind;
  }

  /**
   * For a decision that needs a fact this replica does not hold: while the replica is behind its
   * topics the fact may be on its way, so the caller is told to try again (ReplicaBehind: 503 over
   * HTTP, a wait for a reaction); once caught up, the fact does not exist and this returns.
   */
  async requireCaughtUp(what: string): Promise<void> {
    this.lagSeen = undefined;
    if ((await this.lag()) > 0) throw new ReplicaBehind(this.name, what);
  }
  /**
   * A fact a decision needs, read from this replica: `read` once, and if it finds nothing, again
   * after making sure the replica is caught up (ReplicaBehind otherwise). The second read matters:
   * the fact may have been written between the first read and the lag check, and a replica that
   * reports itself caught up has written everything before it said so.
   */
  async lookUp<T>(what: string, read: () => Promise<T | null>): Promise<T | null> {
    const found = await read();
    if (found !== null) return found;
    await this.requireCaughtUp(what);
    return read();
  }

  /**
   * Last known state for the health check (no I/O: the store is probed in the background).
   * "degraded" with the reasons when the live consumer is not healthy (restarting after a crash,
   * waiting out an outage, stuck behind its topics), when a rebuild failed, when the read store has not answered a ping
   * for `stalledAfterMs`, or when no write has finished for that long while messages wait — a store
   * that stopped answering (FerretDB out of pooled connections answers nothing, not even a ping).
   */
  get health() {
    const now = Date.now();
    const bound = this.stalledAfterMs;
    const reasons: string[] = [];
    const consumer: SubscriptionStatus | null = this.live?.status() ?? null;
    if (consumer !== null && !consumer.healthy)
      reasons.push(`its consumer: ${consumer.problem ?? consumer.state}`);
    if (this.rebuilding?.progress.state === 'failed') {
      reasons.push(`the rebuild of generation ${this.rebuilding.generation} failed`);
    }
    if (this.storeSilent && now - this.storeSilent.since >= bound) {
      reasons.push(
        `the read store has not answered a ping for ${seconds(now - this.storeSilent.since)} s (${this.storeSilent.why})`,
      );
    }
    if (this.waitingSince !== undefined && now - this.waitingSince >= bound) {
      reasons.push(
        `no write to the read store has finished for ${seconds(now - this.waitingSince)} s while messages wait` +
          (this.lastWriteError
            ? ` (last error: ${this.lastWriteError})`
            : ` (${this.writesUnderWay} under way)`),
      );
    }
    return {
      status: reasons.length > 0 ? ('degraded' as const) : ('ok' as const),
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      generation: this.active,
      lag: this.lagSeen?.behind ?? null,
      rebuild: this.rebuilding?.progress ?? null,
      consumer,
    };
  }

  private get stalledAfterMs(): number {
    return this.options.stalledAfterMs ?? 15_000;
  }

  /** One ping at a time: a store that does not answer keeps the first one, not a pile of them. */
  private async probeStore(): Promise<void> {
    if (this.pingPending) return;
    this.pingPending = true;
    const asked = Date.now();
    const silence = setTimeout(
      () => (this.storeSilent ??= { since: asked, why: 'no answer' }),
      this.stalledAfterMs,
    );
    try {
      await this.options.connection.db!.command({ ping: 1 });
      this.storeSilent = undefined;
    } catch (error) {
      this.storeSilent ??= { since: asked, why: String(error) };
    } finally {
      clearTimeout(silence);
      this.pingPending = false;
    }
  }

  /** A batch's write, timed for health: messages wait from its start until some write finishes. */
  private async tracked(write: () => Promise<void>): Promise<void> {
    if (this.writesUnderWay === 0 && this.lastWriteError === undefined) this.waitingSince = Date.now();
    this.writesUnderWay += 1;
    try {
      await write();
      this.progressed(this.writesUnderWay - 1);
    } catch (error) {
      this.lastWriteError = String(error);
      throw error;
    } finally {
      this.writesUnderWay -= 1;
    }
  }

  /** A write finished, or the bus settled a message another way (dead letters): progress. */
  private progressed(othersUnderWay: number): void {
    this.lastWriteError = undefined;
    this.waitingSince = othersUnderWay > 0 ? Date.now() : undefined;
  }

  /**
   * Starts a rebuild from zero unless one is running; progress() tells how far it is. Never
   * rejects: a rebuild that cannot start answers with state "failed" and its error, and the live
   * generation goes on serving and consuming whatever happens to the rebuild.
   */
  rebuild(requestedBy: Actor): Promise<RebuildProgress> {
    if (this.rebuilding && this.rebuilding.progress.state === 'rebuilding') {
      return Promise.resolve(this.rebuilding.progress);
    }
    // A second request while this one is being set up joins it instead of racing it.
    this.starting ??= this.startRebuild(requestedBy).finally(() => (this.starting = undefined));
    return this.starting;
  }

  progress(): RebuildProgress | undefined {
    return this.rebuilding?.progress;
  }

  private async goLive(state: ProjectionState): Promise<void> {
    const group = state.group ?? defaultGroup(this.options.service, state._id, state.active);
    const subscription = await this.subscribe(group, state.active);
    await this.seedCommitted(group);
    const old = this.live;
    this.live = subscription;
    this.active = state.active;
    this.activeGroup = group;
    this.lagSeen = undefined;
    await old?.stop();
  }

  /** A group's committed offsets as Kafka holds them, for partitions it has not committed since we started. */
  private async seedCommitted(group: string): Promise<void> {
    const done = this.committedOf(group);
    for (const topic of this.options.projection.topics) {
      for (const [partition, next] of await this.options.bus.committedOffsets(group, topic)) {
        const key = `${topic}/${partition}`;
        if (!done.has(key) && BigInt(next) >= 0n) done.set(key, BigInt(next));
      }
    }
  }

  private committedOf(group: string): Map<string, bigint> {
    let done = this.committed.get(group);
    if (!done) this.committed.set(group, (done = new Map()));
    return done;
  }

  /**
   * Another replica may have rebuilt and swapped: follow the pointer, so every replica reads and
   * writes the same generation.
   */
  private async followSwaps(): Promise<void> {
    // Not while this replica is swapping itself: that swap moves the pointer.
    if (this.switching || (this.rebuilding?.swapping && this.rebuilding.progress.state === 'rebuilding'))
      return;
    this.switching = (async () => {
      const state = await this.generations.state.findOne({ _id: this.name });
      if (!state || state.active <= this.active) return;
      const previous = this.active;
      await this.goLive(state);
      // The old consumer may have written into the dropped collections before it stopped.
      await this.dropGeneration(previous);
      this.logger.log(`following the swap to generation ${state.active}`);
    })()
      .catch((error: unknown) => this.logger.warn(`could not follow a swap: ${String(error)}`))
      .finally(() => (this.switching = undefined));
    await this.switching;
  }

  private async startRebuild(requestedBy: Actor): Promise<RebuildProgress> {
    await this.abandon(this.rebuilding); // a failed attempt's consumer and collections
    await this.followSwaps(); // build on the generation the replicas serve now, not a stale one
    const generation = this.active + 1;
    const { projection, bus, service } = this.options;
    const startedAt = Date.now();
    const rebuild: Rebuild = {
      generation,
      group: `${service}.${projection.name}.g${generation}.${startedAt.toString(36)}`,
      progress: progressOf(generation, 'rebuilding', 0, 0, startedAt, requestedBy),
      swapping: false,
    };
    this.rebuilding = rebuild;
    this.logger.log(
      `rebuild of generation ${generation} requested by ${requestedBy.id} (${requestedBy.role})`,
    );
    try {
      await this.generations.state.updateOne(
        { _id: projection.name },
        { $push: { rebuilds: { generation, requestedBy, requestedAt: new Date(startedAt).toISOString() } } },
      );
      await this.dropGeneration(generation); // left over from an earlier attempt
      await this.generations.ensure(generation);
      // nobody reads this generation before the swap: its documents are folded in memory and inserted once
      this.writers.set(generation, new StagedDocumentWriter(this.directWriter(generation)));
      const targets = new Map<string, bigint>();
      for (const topic of projection.topics) {
        for (const [partition, end] of await bus.endOffsets(topic))
          targets.set(`${topic}/${partition}`, BigInt(end));
      }
      const total = Number([...targets.values()].reduce((a, b) => a + b, 0n));
      rebuild.progress = progressOf(generation, 'rebuilding', 0, total, startedAt, requestedBy);
      const reached = this.committedOf(rebuild.group);
      const caughtUp = () =>
        [...targets].every(([partition, end]) => end === 0n || (reached.get(partition) ?? 0n) >= end);
      const onCommitted = () => {
        const processed = [...reached].reduce((sum, [p, offset]) => {
          const end = targets.get(p) ?? 0n;
          return sum + Number(offset < end ? offset : end);
        }, 0);
        if (!rebuild.swapping)
          rebuild.progress = progressOf(generation, 'rebuilding', processed, total, startedAt, requestedBy);
        if (caughtUp()) void this.swap(rebuild);
      };
      rebuild.subscription = await this.subscribe(rebuild.group, generation, onCommitted);
      this.logger.log(`rebuilding generation ${generation} from zero: ${total} messages to catch up`);
      if (caughtUp()) void this.swap(rebuild);
    } catch (error) {
      await this.fail(rebuild, error);
    }
    return rebuild.progress;
  }

  private async swap(rebuild: Rebuild) {
    const { generation } = rebuild;
    if (rebuild.swapping || !rebuild.subscription || this.active >= generation) return;
    rebuild.swapping = true;
    let serving = false;
    const swapped = () => ({
      ...rebuild.progress,
      state: 'swapped' as const,
      percent: 100,
      processed: rebuild.progress.total,
    });
    try {
      const previous = this.active;
      await this.flushStaged(generation);
      await this.generations.state.updateOne(
        { _id: this.name },
        { $set: { active: generation, group: rebuild.group } },
      );
      serving = true;
      this.active = generation;
      this.activeGroup = rebuild.group;
      this.lagSeen = undefined;
      const old = this.live;
      // The rebuild's consumer is the live one from here on: nothing of the rebuild may stop it.
      this.live = rebuild.subscription;
      rebuild.subscription = undefined;
      // Readers are on the new generation from the pointer's move: that is the swap. The old
      // consumer leaving its group (seconds, as Kafka rebalances) and the old collections' drop
      // clear up after it, and `stop` waits for them, so nothing of the old generation outlives it.
      rebuild.progress = swapped();
      this.logger.log(`generation ${generation} caught up and now serves reads`);
      this.clearing = (async () => {
        await old?.stop();
        await this.dropGeneration(previous);
      })().catch((error: unknown) =>
        this.logger.warn(
          `generation ${generation} serves reads; the old one was not cleared: ${String(error)}`,
        ),
      );
    } catch (error) {
      if (serving) {
        rebuild.progress = swapped();
        this.logger.warn(
          `generation ${generation} serves reads; the old one was not cleared: ${String(error)}`,
        );
      } else {
        await this.fail(rebuild, error);
      }
    }
  }

  /** A rebuild that cannot go on: its consumer stops, its collections go; the live one is untouched. */
  private async fail(rebuild: Rebuild, error: unknown): Promise<void> {
    rebuild.progress = { ...rebuild.progress, state: 'failed', error: String(error) };
    this.logger.error(`rebuild of generation ${rebuild.generation} failed: ${String(error)}`);
    await this.abandon(rebuild);
  }

  /** Stops a rebuild that never became live and drops what it wrote (best effort: a later attempt drops it too). */
  private async abandon(rebuild: Rebuild | undefined): Promise<void> {
    if (!rebuild || rebuild.progress.state === 'swapped') return;
    const subscription = rebuild.subscription;
    rebuild.subscription = undefined;
    if (subscription && subscription !== this.live) await subscription.stop().catch(() => undefined);
    await this.dropGeneration(rebuild.generation);
  }

  private subscribe(groupId: string, generation: number, onCommitted?: () => void) {
    const { projection, bus, isPermanent, isTransient } = this.options;
    const done = this.committedOf(groupId);
    return bus.subscribe({
      groupId,
      topics: projection.topics,
      // one per read model whatever its generation: a rebuild leaves no dead-letter topic behind
      deadLetterTopic: `${this.options.service}.${projection.name}.dlt`,
      attempts: 5,
      isPermanent,
      isTransient: async (error) => isTransient?.(error) === true || (await this.outages.isOutage(error)),
      onCommitted: (topic, partition, nextOffset) => {
        done.set(`${topic}/${partition}`, BigInt(nextOffset));
        this.progressed(this.writesUnderWay);
        onCommitted?.();
      },
      handle: (messages) =>
        this.tracked(() =>
          inBatchSpan(`project ${projection.name}`, messages, () => this.handle(generation, messages)),
        ),
    });
  }

  /**
   * A batch's changes, written; then what the aggregate holds of each partition moves on (only
   * once written: a batch that fails is folded again from where the partition was).
   */
  private async handle(generation: number, messages: readonly IncomingMessage[]): Promise<void> {
    const writer = this.writerOf(generation);
    const events = this.eventsOf(messages);
    const changes = events.flatMap(({ event }) =>
      event === undefined ? [] : this.options.projection.project(event),
    );
    const aggregate = this.options.projection.aggregate;
    if (!aggregate) return writer.write(changes);
    const byPartition = new Map<string, { offset: number; event: TEvent | undefined }[]>();
    for (const { message, event } of events) {
      const key = partitionKey(message.topic, message.partition);
      const list = byPartition.get(key) ?? [];
      list.push({ offset: Number(message.offset), event });
      byPartition.set(key, list);
    }
    let held = this.partitions.get(generation);
    if (!held) this.partitions.set(generation, (held = new Map()));
    // A rebuild still staging is the only consumer of its group and has written nothing: what it
    // holds is the truth. Otherwise a partition that does not go on where it stopped was consumed
    // by another replica meanwhile (or its offsets have a gap): its state is read again.
    const trusted = writer instanceof StagedDocumentWriter && writer.staging;
    const documents: DocumentChange[] = [];
    const states: DocumentChange[] = [];
    const folded: [string, HeldPartition<unknown>][] = [];
    for (const [key, list] of byPartition) {
      list.sort((a, b) => a.offset - b.offset);
      let before = held.get(key);
      if (!before || (!trusted && list[0]!.offset > before.position + 1)) {
        const stored = await this.generations
          .model(aggregate.stateCollection, generation)
          .collection.findOne<StoredPartitionState>({ _id: key } as never);
        before = heldFrom(aggregate, key, stored);
      }
      const fold = foldPartition(aggregate, key, before, list);
      for (const change of fold.changes)
        (change.collection === aggregate.stateCollection ? states : documents).push(change);
      folded.push([key, fold.held]);
    }
    // the counts before the states: a state is never stored ahead of the documents it adds up to
    await writer.write([...changes, ...documents]);
    await writer.write(states);
    for (const [key, partition] of folded) held.set(key, partition);
  }

  /** Drops a generation's collections, and what its writer remembered of them. */
  private async dropGeneration(generation: number): Promise<void> {
    this.writers.delete(generation);
    this.partitions.delete(generation);
    await this.generations.drop(generation);
  }

  private writerOf(generation: number): DocumentWriter | StagedDocumentWriter {
    let writer = this.writers.get(generation);
    if (!writer) {
      writer = this.directWriter(generation);
      this.writers.set(generation, writer);
    }
    return writer;
  }

  private directWriter(generation: number): DocumentWriter {
    return new DocumentWriter(
      (collection) => this.generations.model(collection, generation).collection,
      undefined,
      updateLimitOf(this.options.connection),
    );
  }

  /**
   * Writes what a rebuild staged in memory, before its generation serves reads; a store that fails
   * meanwhile is waited out a few times (the staged documents stay staged), then the rebuild fails.
   */
  private async flushStaged(generation: number): Promise<void> {
    const writer = this.writers.get(generation);
    if (!(writer instanceof StagedDocumentWriter)) return;
    for (let attempt = 1; ; attempt++) {
      try {
        return await writer.flush();
      } catch (error) {
        if (attempt >= FLUSH_ATTEMPTS) throw error;
        this.logger.warn(
          `generation ${generation}: writing the staged documents failed (${String(error)}); again`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
    }
  }

  /** Each message with its event, or undefined for a type this projection passes over. */
  private eventsOf(
    messages: readonly IncomingMessage[],
  ): { message: IncomingMessage; event: TEvent | undefined }[] {
    const { projection, readEvent } = this.options;
    const wanted = new Set<string>(projection.eventTypes);
    return messages.map((message) => {
      const raw: unknown = JSON.parse(message.value ?? 'null');
      const type = (raw as { type?: unknown } | null)?.type;
      // A well-formed type this projection does not read is passed over unvalidated, so a new
      // event type published upstream never stalls an older consumer; anything else is checked.
      if (typeof type === 'string' && /^[a-z]+\.[A-Z]\w*$/.test(type) && !wanted.has(type))
        return { message, event: undefined };
      return { message, event: readEvent(raw) as TEvent };
    });
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

function progressOf(
  generation: number,
  state: RebuildProgress['state'],
  processed: number,
  total: number,
  startedAt: number,
  requestedBy: Actor,
): RebuildProgress {
  const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
  return {
    generation,
    state,
    processed,
    total,
    percent: total === 0 ? 100 : Math.floor((processed / total) * 100),
    eventsPerSecond: Math.round(processed / seconds),
    startedAt: new Date(startedAt).toISOString(),
    requestedBy,
  };
}

import { Logger } from '@nestjs/common';
import type { Actor, EventEnvelope } from '@pk/contracts';
import type { IncomingMessage, MessageBus, RunningSubscription } from '@pk/messaging';
import { Connection, Model, mongo } from 'mongoose';
import { DocumentChange, ProjectionDefinition } from './projection';

export interface ProjectionRunnerOptions {
  /** Owning service, e.g. "monitoring": the first part of the consumer group id. */
  readonly service: string;
  readonly connection: Connection;
  readonly bus: MessageBus;
  readonly projection: ProjectionDefinition;
  /** Parses, validates and upcasts a published event (contracts); throws on a malformed one. */
  readonly readEvent: (raw: unknown) => EventEnvelope;
  /** Errors that retrying cannot mend, e.g. a contract violation: straight to dead letters. */
  readonly isPermanent: (error: unknown) => boolean;
  /** How often a replica checks whether another one swapped generations; default 5 s. */
  readonly followIntervalMs?: number;
  /**
   * Further errors that mean the read-model database is away (waited out, never dead-lettered).
   * Driver network errors and failures while the database does not answer a ping count anyway.
   */
  readonly isTransient?: (error: unknown) => boolean;
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

interface ProjectionState {
  _id: string;
  active: number;
  /** Every rebuild ever asked for, with who asked: the audit trail of the read model. */
  rebuilds?: { generation: number; requestedBy: Actor; requestedAt: string }[];
  /** Consumer group of the active generation: its committed offsets are the checkpoint (absent in
   * state written before groups were recorded: then the generation's default group). */
  group?: string;
}

/**
 * Runs a projection from Kafka into MongoDB-wire collections.
 *
 * Each generation has its own collections ("programs_g2") and its own consumer group, whose
 * committed offsets are the stored checkpoint. A rebuild starts the next generation from the
 * beginning of the topics beside the live one (a fresh group per attempt, so an interrupted
 * attempt never resumes half-way), and when it has caught up with the offsets the topics had at
 * its start, the state document points readers at it and the old generation is dropped. No
 * collection rename is needed, which FerretDB and MongoDB treat differently.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private active = 0;
  private live: RunningSubscription | undefined;
  private rebuilding: Rebuild | undefined;
  private following: NodeJS.Timeout | undefined;
  private switching: Promise<void> | undefined;
  private starting: Promise<RebuildProgress> | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.logger = new Logger(`projection:${options.projection.name}`);
    // The position guard field lives in every read-model document.
    for (const schema of Object.values(options.projection.collections)) schema.add({ _position: Number });
  }

  /** Which generation serves reads, per projection: the pointer a rebuild moves. */
  private get state(): mongo.Collection<ProjectionState> {
    return this.options.connection.db!.collection<ProjectionState>('projection_state');
  }

  async start(): Promise<void> {
    const { projection, service } = this.options;
    const first: ProjectionState = {
      _id: projection.name,
      active: 1,
      group: groupOf(service, projection.name, 1),
    };
    await this.state.updateOne({ _id: projection.name }, { $setOnInsert: first }, { upsert: true });
    const state = (await this.state.findOne({ _id: projection.name })) ?? first;
    this.active = state.active;
    await this.ensureCollections(this.active);
    this.live = await this.subscribe(
      state.group ?? groupOf(service, projection.name, state.active),
      this.active,
    );
    this.following = setInterval(() => void this.followSwaps(), this.options.followIntervalMs ?? 5_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.following);
    await this.switching;
    const rebuilding = this.rebuilding?.subscription;
    if (rebuilding && rebuilding !== this.live) await rebuilding.stop();
    await this.live?.stop();
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
      const state = await this.state.findOne({ _id: this.options.projection.name });
      if (!state || state.active <= this.active) return;
      const previous = this.active;
      const old = this.live;
      this.live = await this.subscribe(
        state.group ?? groupOf(this.options.service, state._id, state.active),
        state.active,
      );
      this.active = state.active;
      await old?.stop();
      // The old consumer may have written into the dropped collections before it stopped.
      await this.dropGeneration(previous);
      this.logger.log(`following the swap to generation ${state.active}`);
    })()
      .catch((error: unknown) => this.logger.warn(`could not follow a swap: ${String(error)}`))
      .finally(() => (this.switching = undefined));
    await this.switching;
  }

  /** The active generation's model of a collection, for queries (use lean()). */
  model(collection: string): Model<Record<string, unknown>> {
    return this.modelFor(collection, this.active);
  }

  get generation(): number {
    return this.active;
  }

  get deadLetterTopic(): string | undefined {
    return this.live?.deadLetterTopic;
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
      await this.state.updateOne(
        { _id: projection.name },
        { $push: { rebuilds: { generation, requestedBy, requestedAt: new Date(startedAt).toISOString() } } },
      );
      await this.dropGeneration(generation); // left over from an earlier attempt
      await this.ensureCollections(generation);
      const targets = new Map<string, bigint>();
      for (const topic of projection.topics) {
        for (const [partition, end] of await bus.endOffsets(topic))
          targets.set(`${topic}/${partition}`, BigInt(end));
      }
      const total = Number([...targets.values()].reduce((a, b) => a + b, 0n));
      rebuild.progress = progressOf(generation, 'rebuilding', 0, total, startedAt, requestedBy);
      const reached = new Map<string, bigint>();
      const caughtUp = () =>
        [...targets].every(([partition, end]) => end === 0n || (reached.get(partition) ?? 0n) >= end);
      const onCommitted = (topic: string, partition: number, nextOffset: string) => {
        reached.set(`${topic}/${partition}`, BigInt(nextOffset));
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

  progress(): RebuildProgress | undefined {
    return this.rebuilding?.progress;
  }

  private async swap(rebuild: Rebuild) {
    const { generation } = rebuild;
    if (rebuild.swapping || !rebuild.subscription || this.active >= generation) return;
    rebuild.swapping = true;
    let serving = false;
    try {
      const previous = this.active;
      await this.state.updateOne(
        { _id: this.options.projection.name },
        { $set: { active: generation, group: rebuild.group } },
      );
      serving = true;
      this.active = generation;
      const old = this.live;
      // The rebuild's consumer is the live one from here on: nothing of the rebuild may stop it.
      this.live = rebuild.subscription;
      rebuild.subscription = undefined;
      await old?.stop();
      await this.dropGeneration(previous);
      rebuild.progress = {
        ...rebuild.progress,
        state: 'swapped',
        percent: 100,
        processed: rebuild.progress.total,
      };
      this.logger.log(`generation ${generation} caught up and now serves reads`);
    } catch (error) {
      if (serving) {
        rebuild.progress = {
          ...rebuild.progress,
          state: 'swapped',
          percent: 100,
          processed: rebuild.progress.total,
        };
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

  private subscribe(
    groupId: string,
    generation: number,
    onCommitted?: (topic: string, partition: number, nextOffset: string) => void,
  ) {
    const { projection, bus, isPermanent, isTransient } = this.options;
    return bus.subscribe({
      groupId,
      topics: projection.topics,
      attempts: 5,
      isPermanent,
      isTransient: async (error) =>
        isTransient?.(error) === true || isDriverNetworkError(error) || !(await this.readStoreAnswers()),
      onCommitted,
      handle: (messages) => this.write(this.changesOf(messages), generation),
    });
  }

  private changesOf(messages: readonly IncomingMessage[]): DocumentChange[] {
    const { projection, readEvent } = this.options;
    const wanted = new Set(projection.eventTypes);
    const changes: DocumentChange[] = [];
    for (const message of messages) {
      const raw: unknown = JSON.parse(message.value ?? 'null');
      const type = (raw as { type?: unknown } | null)?.type;
      // A well-formed type this projection does not read is passed over unvalidated, so a new
      // event type published upstream never stalls an older consumer; anything else is checked.
      if (typeof type === 'string' && /^[a-z]+\.[A-Z]\w*$/.test(type) && !wanted.has(type)) continue;
      changes.push(...projection.project(readEvent(raw)));
    }
    return changes;
  }

  /**
   * One write per document. A document's changes are folded in stream-position order, keeping
   * only those later than what it already holds, whatever order a redelivery brought them in.
   * New documents are inserted in bulk (a rebuild is almost all inserts); existing ones get a
   * position-guarded update.
   */
  private async write(changes: DocumentChange[], generation: number): Promise<void> {
    const byCollection = new Map<string, DocumentChange[]>();
    for (const change of changes) {
      byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change]);
    }
    for (const [collection, list] of byCollection) {
      const model = this.modelFor(collection, generation);
      const held = new Map(
        (
          await model.find({ _id: { $in: [...new Set(list.map((c) => c.id))] } }, { _position: 1 }).lean()
        ).map((d) => [String(d._id), Number(d['_position'] ?? -1)]),
      );
      const folded = new Map<string, DocumentChange>();
      for (const change of [...list].sort((a, b) => a.position - b.position)) {
        if (change.position <= (held.get(change.id) ?? -1)) continue;
        const before = folded.get(change.id);
        folded.set(change.id, before ? { ...change, set: { ...before.set, ...change.set } } : change);
      }
      const fresh = [...folded.values()].filter((c) => !held.has(c.id));
      const later = [...folded.values()].filter((c) => held.has(c.id));
      let raced: DocumentChange[] = [];
      try {
        if (fresh.length > 0)
          await model.insertMany(
            fresh.map((c) => ({ ...c.set, _id: c.id, _position: c.position })),
            { ordered: false, throwOnValidationError: true },
          );
      } catch (error) {
        // Another writer inserted some meanwhile: those go the guarded way.
        if (!isOnlyDuplicateKeys(error)) throw error;
        raced = fresh;
      }
      await guardedUpdate(model, [...later, ...raced]);
    }
  }

  /**
   * Whether the read store answers right now. What a server says when its own backend is away
   * differs (FerretDB: an InternalError "failed to connect" or "unexpected EOF"; MongoDB: a network
   * error), so a failed write is classified by asking: a store that cannot answer a ping is having
   * an outage, to be waited out; one that answers refused this message, which retries and dead
   * letters deal with.
   */
  private async readStoreAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer to ping within 5 s')), 5_000);
    });
    try {
      await Promise.race([this.options.connection.db!.command({ ping: 1 }), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops a generation's collections; absent ones are fine. */
  private async dropGeneration(generation: number): Promise<void> {
    for (const base of Object.keys(this.options.projection.collections)) {
      await this.options.connection
        .db!.dropCollection(collectionName(base, generation))
        .catch(() => undefined);
    }
  }

  private modelFor(base: string, generation: number): Model<Record<string, unknown>> {
    const { connection, projection } = this.options;
    const name = collectionName(base, generation);
    const schema = projection.collections[base];
    if (!schema) throw new Error(`projection ${projection.name} has no collection "${base}"`);
    const model = connection.models[name] ?? connection.model(name, schema, name);
    return model as unknown as Model<Record<string, unknown>>;
  }

  private async ensureCollections(generation: number): Promise<void> {
    for (const base of Object.keys(this.options.projection.collections)) {
      const model = this.modelFor(base, generation);
      await model.createCollection().catch((error: unknown) => {
        // 48 NamespaceExists: made earlier; anything else (the store is away) fails the caller
        if ((error as { code?: number }).code !== 48) throw error;
      });
      await model.createIndexes();
    }
  }
}

/** A generation's consumer group; state written before groups were recorded implies this one. */
function groupOf(service: string, projection: string, generation: number): string {
  return `${service}.${projection}.g${generation}`;
}

/** The driver lost the server (network, election, restart): worth waiting for, not dead-lettering. */
function isDriverNetworkError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  return /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared)Error$/.test(
    name,
  );
}

/**
 * Updates a document only if it holds an earlier position. The filter matches no document when it
 * is absent (the upsert inserts it) or already at the same or a later position (the upsert then
 * fails on the duplicate _id, which is ignored). A plain _id filter, not $or, keeps FerretDB on
 * its primary key.
 */
async function guardedUpdate(
  model: Model<Record<string, unknown>>,
  changes: DocumentChange[],
): Promise<void> {
  if (changes.length === 0) return;
  try {
    await model.bulkWrite(
      changes.map((c) => ({
        updateOne: {
          filter: { _id: c.id, _position: { $lt: c.position } },
          update: { $set: { ...c.set, _position: c.position } },
          upsert: true,
        },
      })),
      { ordered: false, throwOnValidationError: true },
    );
  } catch (error) {
    if (!isOnlyDuplicateKeys(error)) throw error;
  }
}

export function collectionName(base: string, generation: number): string {
  return `${base}_g${generation}`;
}

function isOnlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((e) => (e.code ?? e.err?.code) === 11000);
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

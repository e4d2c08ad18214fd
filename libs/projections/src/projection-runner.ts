import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@pk/contracts';
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
}

export interface RebuildProgress {
  readonly generation: number;
  readonly state: 'rebuilding' | 'swapped' | 'failed';
  readonly processed: number;
  readonly total: number;
  readonly percent: number;
  readonly eventsPerSecond: number;
  readonly startedAt: string;
  readonly error?: string;
}

interface Rebuild {
  progress: RebuildProgress;
  subscription?: RunningSubscription;
  swapping: boolean;
}

interface ProjectionState {
  _id: string;
  active: number;
}

/**
 * Runs a projection from Kafka into MongoDB-wire collections.
 *
 * Each generation has its own collections ("programs_g2") and its own consumer group, whose
 * committed offsets are the stored checkpoint. A rebuild starts the next generation from the
 * beginning of the topics beside the live one, and when it has caught up with the offsets the
 * topics had at its start, the state document points readers at it and the old generation is
 * dropped. No collection rename is needed, which FerretDB and MongoDB treat differently.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private active = 0;
  private live: RunningSubscription | undefined;
  private rebuilding: Rebuild | undefined;

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
    const { projection } = this.options;
    const found = await this.state.findOne({ _id: projection.name });
    this.active = found?.active ?? 1;
    if (!found)
      await this.state.updateOne({ _id: projection.name }, { $setOnInsert: { active: 1 } }, { upsert: true });
    await this.ensureCollections(this.active);
    this.live = await this.subscribe(this.active);
  }

  async stop(): Promise<void> {
    await this.rebuilding?.subscription?.stop();
    await this.live?.stop();
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

  /** Starts a rebuild from zero unless one is running; progress() tells how far it is. */
  async rebuild(): Promise<RebuildProgress> {
    if (this.rebuilding?.progress.state === 'rebuilding') return this.rebuilding.progress;
    const generation = this.active + 1;
    const { connection, projection, bus } = this.options;
    for (const base of Object.keys(projection.collections)) {
      await connection.db!.dropCollection(collectionName(base, generation)).catch(() => undefined);
    }
    await this.ensureCollections(generation);

    const targets = new Map<string, bigint>();
    for (const topic of projection.topics) {
      for (const [partition, end] of await bus.endOffsets(topic))
        targets.set(`${topic}/${partition}`, BigInt(end));
    }
    const total = Number([...targets.values()].reduce((a, b) => a + b, 0n));
    const reached = new Map<string, bigint>();
    const startedAt = Date.now();
    const rebuild: Rebuild = {
      progress: progressOf(generation, 'rebuilding', 0, total, startedAt),
      swapping: false,
    };
    this.rebuilding = rebuild;

    const caughtUp = () =>
      [...targets].every(([partition, end]) => end === 0n || (reached.get(partition) ?? 0n) >= end);
    const onCommitted = (topic: string, partition: number, nextOffset: string) => {
      reached.set(`${topic}/${partition}`, BigInt(nextOffset));
      const processed = [...reached].reduce((sum, [p, offset]) => {
        const end = targets.get(p) ?? 0n;
        return sum + Number(offset < end ? offset : end);
      }, 0);
      if (!rebuild.swapping)
        rebuild.progress = progressOf(generation, 'rebuilding', processed, total, startedAt);
      if (caughtUp()) void this.swap(generation, rebuild);
    };
    rebuild.subscription = await this.subscribe(generation, onCommitted);
    this.logger.log(`rebuilding generation ${generation} from zero: ${total} messages to catch up`);
    if (caughtUp()) void this.swap(generation, rebuild);
    return rebuild.progress;
  }

  progress(): RebuildProgress | undefined {
    return this.rebuilding?.progress;
  }

  private async swap(generation: number, rebuild: Rebuild) {
    if (rebuild.swapping || !rebuild.subscription) return;
    rebuild.swapping = true;
    try {
      const previous = this.active;
      await this.state.updateOne({ _id: this.options.projection.name }, { $set: { active: generation } });
      this.active = generation;
      const old = this.live;
      this.live = rebuild.subscription;
      await old?.stop();
      for (const base of Object.keys(this.options.projection.collections)) {
        await this.options.connection
          .db!.dropCollection(collectionName(base, previous))
          .catch(() => undefined);
      }
      rebuild.progress = {
        ...rebuild.progress,
        state: 'swapped',
        percent: 100,
        processed: rebuild.progress.total,
      };
      this.logger.log(`generation ${generation} caught up and now serves reads`);
    } catch (error) {
      rebuild.progress = { ...rebuild.progress, state: 'failed', error: String(error) };
      this.logger.error(`swap to generation ${generation} failed: ${String(error)}`);
    }
  }

  private subscribe(
    generation: number,
    onCommitted?: (topic: string, partition: number, nextOffset: string) => void,
  ) {
    const { service, projection, bus, isPermanent } = this.options;
    return bus.subscribe({
      groupId: `${service}.${projection.name}.g${generation}`,
      topics: projection.topics,
      attempts: 5,
      isPermanent,
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

  /** One write per document: a batch's changes to it merged in order, guarded by position. */
  private async write(changes: DocumentChange[], generation: number): Promise<void> {
    const merged = new Map<string, DocumentChange>();
    for (const change of changes) {
      const key = `${change.collection}\u0000${change.id}`;
      const before = merged.get(key);
      // Fields of the later event win, whatever order a redelivery brought them in.
      if (!before) merged.set(key, change);
      else if (change.position >= before.position)
        merged.set(key, { ...change, set: { ...before.set, ...change.set } });
      else merged.set(key, { ...before, set: { ...change.set, ...before.set } });
    }
    const byCollection = new Map<string, DocumentChange[]>();
    for (const change of merged.values()) {
      byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change]);
    }
    for (const [collection, list] of byCollection) {
      const model = this.modelFor(collection, generation);
      // Which documents exist, in one query: new ones are inserted in bulk (a rebuild is almost
      // all inserts), existing ones updated only when the change is later than what they hold.
      const existing = new Map(
        (await model.find({ _id: { $in: list.map((c) => c.id) } }, { _position: 1 }).lean()).map((d) => [
          String(d._id),
          Number(d['_position'] ?? -1),
        ]),
      );
      const fresh = list.filter((c) => !existing.has(c.id));
      const later = list.filter((c) => existing.has(c.id) && existing.get(c.id)! < c.position);
      let raced: DocumentChange[] = [];
      try {
        await model.insertMany(
          fresh.map((c) => ({ ...c.set, _id: c.id, _position: c.position })),
          { ordered: false },
        );
      } catch (error) {
        // Another writer inserted some meanwhile: those go the guarded way.
        if (!isOnlyDuplicateKeys(error)) throw error;
        raced = fresh;
      }
      await guardedUpdate(model, [...later, ...raced]);
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
      await model.createCollection().catch(() => undefined);
      await model.createIndexes();
    }
  }
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
      { ordered: false },
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
  };
}

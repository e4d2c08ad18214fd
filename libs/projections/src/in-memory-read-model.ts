import type { EventEnvelope } from '@pk/contracts';
import { Query } from 'mingo';
import { foldPartition, heldFrom, type HeldPartition, partitionKey } from './partition-aggregate';
import type { Collections, DocumentChange, DocumentOf, ProjectionDefinition } from './projection';
import type { Fields, Filter, FindOptions, ReadCollection, ReadModel } from './read-model';

type StoredDocument = Record<string, unknown> & { _id: string; _position: number };

/**
 * Published events by topic, in memory: what Kafka carries between services, for specs. A service's
 * own events arrive here as its relay would publish them; a spec publishes other services' events.
 */
export class InMemoryTopics {
  private readonly topics = new Map<string, EventEnvelope[]>();

  publish(topic: string, events: readonly EventEnvelope[]): void {
    const log = this.topics.get(topic) ?? [];
    // as the relay sends it: JSON, so a reader never shares objects with the writer
    for (const event of events) log.push(JSON.parse(JSON.stringify(event)) as EventEnvelope);
    this.topics.set(topic, log);
  }

  /** The topic's events from an offset on. */
  read(topic: string, from: number): readonly EventEnvelope[] {
    return (this.topics.get(topic) ?? []).slice(from);
  }
}

export interface InMemoryReadModelOptions {
  readonly topics: InMemoryTopics;
  /** Parses, validates and upcasts a published event as the runner does (contracts); identity by default. */
  readonly readEvent?: (raw: unknown) => EventEnvelope;
  /** Runs before every read: brings the topics up to date (e.g. relays the in-memory store's new events). */
  readonly beforeRead?: () => Promise<void>;
}

/**
 * A projection run in memory: the same definition the service runs on the read store, its changes
 * applied with the same position guard (a change never overwrites a document holding a later
 * position), and queried with MongoDB's query language (mingo). It catches up with its topics
 * before every read, so it never lags: a spec reads what it just did.
 */
export class InMemoryReadModel<
  TEvent extends EventEnvelope = EventEnvelope,
  TCollections extends Collections = Collections,
> implements ReadModel<TCollections> {
  private readonly documents = new Map<string, Map<string, StoredDocument>>();
  private readonly offsets = new Map<string, number>();
  private readonly wanted: ReadonlySet<string>;
  /** The aggregate's partitions: one per topic here, every event at the next offset. */
  private readonly partitions = new Map<string, { next: number; held: HeldPartition<unknown> }>();

  constructor(
    private readonly projection: ProjectionDefinition<TEvent, TCollections>,
    private readonly options: InMemoryReadModelOptions,
  ) {
    this.wanted = new Set<string>(projection.eventTypes);
  }

  get name(): string {
    return this.projection.name;
  }

  /**
   * Applies published events as the runner would: types it does not read are passed over. Events
   * applied again are delivered again (a redelivery at later offsets, as a relay publishing twice).
   */
  apply(events: readonly EventEnvelope[], topic = 'in-memory'): void {
    const readEvent = this.options.readEvent ?? ((raw: unknown) => raw as EventEnvelope);
    const aggregate = this.projection.aggregate;
    const key = partitionKey(topic, 0);
    let partition = this.partitions.get(key);
    if (aggregate && !partition)
      this.partitions.set(key, (partition = { next: 0, held: heldFrom(aggregate, key, null) }));
    for (const raw of events) {
      const event = this.wanted.has(raw.type) ? (readEvent(raw) as TEvent) : undefined;
      if (event) this.write(this.projection.project(event));
      if (aggregate && partition) {
        const fold = foldPartition(aggregate, key, partition.held, [{ offset: partition.next, event }]);
        partition.next += 1;
        partition.held = fold.held;
        this.write(fold.changes);
      }
    }
  }

  /** Every document of a collection as stored (with `_position`), ordered by `_id`. */
  snapshot(collection: Extract<keyof TCollections, string>): StoredDocument[] {
    return [...(this.documents.get(collection)?.values() ?? [])]
      .map((document) => structuredClone(document))
      .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  collection<K extends Extract<keyof TCollections, string>>(
    collection: K,
  ): ReadCollection<DocumentOf<TCollections, K>> {
    if (!(collection in this.projection.collections)) {
      throw new Error(`projection ${this.name} has no collection "${collection}"`);
    }
    const all = async () => {
      await this.catchUp();
      return [...(this.documents.get(collection)?.values() ?? [])];
    };
    const find = async <T>(filter: Filter, options: FindOptions = {}): Promise<T[]> => {
      let cursor = new Query(filter as Record<string, unknown>).find(
        await all(),
        (options.fields ?? {}) as Record<string, 0 | 1>,
      );
      if (options.sort) cursor = cursor.sort(options.sort as Record<string, 1 | -1>);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return structuredClone(cursor.all()) as T[];
    };
    return {
      findById: async <T>(id: string, fields?: Fields) => (await find<T>({ _id: id }, { fields }))[0] ?? null,
      findOne: async <T>(filter: Filter, fields?: Fields) =>
        (await find<T>(filter, { fields, limit: 1 }))[0] ?? null,
      find,
      count: async (filter: Filter) => (await find(filter, { fields: { _id: 1 } })).length,
    };
  }

  /** Never behind: it catches up before every read. */
  async requireCaughtUp(): Promise<void> {
    await this.catchUp();
  }

  async lookUp<T>(_what: string, read: () => Promise<T | null>): Promise<T | null> {
    await this.catchUp();
    return read();
  }

  private async catchUp(): Promise<void> {
    await this.options.beforeRead?.();
    for (const topic of this.projection.topics) {
      const from = this.offsets.get(topic) ?? 0;
      const events = this.options.topics.read(topic, from);
      this.offsets.set(topic, from + events.length);
      this.apply(events, topic);
    }
  }

  /** The runner's writer, in memory: changes folded per document, guarded by position. */
  private write(changes: readonly DocumentChange[]): void {
    for (const change of changes) {
      let collection = this.documents.get(change.collection);
      if (!collection) this.documents.set(change.collection, (collection = new Map()));
      const before = collection.get(change.id);
      if (before && before._position >= change.position) continue;
      collection.set(change.id, {
        ...before,
        ...(structuredClone(change.set) as Record<string, unknown>),
        _id: change.id,
        _position: change.position,
      });
    }
  }
}

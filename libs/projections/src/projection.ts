import type { EventEnvelope } from '@pk/contracts';
import { type InferSchemaType, Schema } from 'mongoose';
import type { DocumentChange } from './document-change';
import type { PartitionAggregate } from './partition-aggregate';

export type { DocumentChange };

// `any` as mongoose's own Schema default: a collection map holds schemas of different documents.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Collections = Readonly<Record<string, Schema<any>>>;

/** The document type of one collection of a projection, as its schema declares it. */
export type DocumentOf<TCollections extends Collections, K extends keyof TCollections> = InferSchemaType<
  TCollections[K]
> & { _id: string; _position: number };

/**
 * A read model: which events it reads, its collections, and how an event changes them. Typed by
 * the events it reads (no casts in `project`) and by its collections (typed models for queries).
 */
export interface ProjectionDefinition<
  TEvent extends EventEnvelope = EventEnvelope,
  TCollections extends Collections = Collections,
> {
  /** e.g. "catalog-statistics": names the consumer group and the state document. */
  readonly name: string;
  readonly topics: readonly string[];
  /** Event types it reads; other types on the topics are passed over. */
  readonly eventTypes: readonly TEvent['type'][];
  /** The read-model collections with their schemas (indexes included). */
  readonly collections: TCollections;
  project(event: TEvent): DocumentChange<Extract<keyof TCollections, string>>[];
  /**
   * A count over many streams, kept per Kafka partition beside what `project` writes (see
   * PartitionAggregate); its documents and its state live in collections of this projection.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each aggregate types its own state
  readonly aggregate?: PartitionAggregate<TEvent, any, Extract<keyof TCollections, string>>;
}

/** The schema of an aggregate's `stateCollection`: one document per partition, the state as JSON text. */
export function partitionStateSchema() {
  return new Schema({ _id: String, state: String }, { versionKey: false });
}

/**
 * What `defineProjection` takes: a definition whose `project` may be left out when an `aggregate`
 * keeps everything the read model holds (a count over many streams writes no document per event).
 */
export type ProjectionDeclaration<
  TEvent extends EventEnvelope = EventEnvelope,
  TCollections extends Collections = Collections,
> =
  | ProjectionDefinition<TEvent, TCollections>
  | (Omit<ProjectionDefinition<TEvent, TCollections>, 'project' | 'aggregate'> &
      Partial<Pick<ProjectionDefinition<TEvent, TCollections>, 'project'>> &
      Required<Pick<ProjectionDefinition<TEvent, TCollections>, 'aggregate'>>);

/**
 * Declares a projection with its types inferred: `defineProjection<CatalogEvent>()({ … })`. An
 * aggregate-only projection leaves `project` out; it gets one that changes no document, so the
 * runners call `project` on every definition alike.
 */
export function defineProjection<TEvent extends EventEnvelope>() {
  return <TCollections extends Collections>(
    declaration: ProjectionDeclaration<TEvent, TCollections>,
  ): ProjectionDefinition<TEvent, TCollections> =>
    'project' in declaration && declaration.project !== undefined
      ? (declaration as ProjectionDefinition<TEvent, TCollections>)
      : { ...declaration, project: () => [] };
}

/**
 * Any projection, whatever its events and collections: what a service's list of read models holds
 * (each is typed where it is defined and where its queries read it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of differently typed definitions
export type AnyProjection = ProjectionDefinition<any, any>;

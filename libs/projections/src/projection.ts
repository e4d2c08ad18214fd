import type { EventEnvelope } from '@pk/contracts';
import type { Schema } from 'mongoose';

/**
 * A change to one read-model document, as absolute field values. Projections return changes
 * instead of writing, so they stay pure (tested without servers) and the runner can merge a
 * batch into one write per document.
 */
export interface DocumentChange {
  /** Base collection name, e.g. "programs"; the runner adds the generation. */
  readonly collection: string;
  readonly id: string;
  /**
   * Position of the causing event in the stream this document follows: a change never
   * overwrites a document that already reflects a later event, so replays and duplicates
   * are harmless.
   */
  readonly position: number;
  readonly set: Record<string, unknown>;
}

export interface ProjectionDefinition {
  /** e.g. "catalog-statistics": names the consumer group and the state document. */
  readonly name: string;
  readonly topics: readonly string[];
  /** Event types it reads; other types on the topics are passed over. */
  readonly eventTypes: readonly string[];
  /** The read-model collections with their schemas (indexes included). */
  readonly collections: Readonly<Record<string, Schema>>;
  project(event: EventEnvelope): DocumentChange[];
}

/**
 * The envelope every published event travels in: CloudEvents-style fields (id, type, source,
 * subject, time, data) plus what event sourcing and auditors need (schema version, stream and
 * global position, actor, correlation and causation ids).
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** Unique event id (UUID); consumers use it to drop duplicates. */
  readonly id: string;
  /** Event type, qualified by its context: "catalog.ProviderRegistered". */
  readonly type: TType;
  /** Version of the data's schema for this type, from 1; older versions are upcast on read. */
  readonly schemaVersion: number;
  /** The publishing service: "pk/catalog". */
  readonly source: string;
  /** Stream id (the aggregate), e.g. "provider-6f1c…"; the Kafka message key. */
  readonly subject: string;
  /** 0-based position of the event in its stream. */
  readonly streamPosition: number;
  /**
   * Position in the publishing store's global log: opaque, totally ordered within that store
   * (PostgreSQL: "<transaction id>/<sequence>", KurrentDB: "<commit>/<prepare>").
   */
  readonly globalPosition: string;
  /** When the event was recorded, ISO 8601 UTC. */
  readonly time: string;
  /** Who caused it. */
  readonly actor: Actor;
  /** Ties together everything one request caused, across services. */
  readonly correlationId: string;
  /** Id of the command or event that directly caused this one; null for none. */
  readonly causationId: string | null;
  readonly data: TData;
}

export interface Actor {
  /** Subject of the token (user id) or "system:<component>" for automatic reactions. */
  readonly id: string;
  /** Role the actor acted in: ministry-admin, municipal-operator, …, or "system". */
  readonly role: string;
}

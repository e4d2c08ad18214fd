import type { Collections, DocumentOf, ProjectionDefinition } from './projection';

/** A MongoDB query filter: equality on indexed fields first (docs/read-models.md). */
export type Filter = Readonly<Record<string, unknown>>;
/** Fields to return (1) or leave out (0), as MongoDB projects them. */
export type Fields = Readonly<Record<string, 0 | 1>>;

export interface FindOptions {
  readonly fields?: Fields;
  /** End the sort in `_id` (or a key that ends in it), so paging never skips or repeats a document. */
  readonly sort?: Readonly<Record<string, 1 | -1>>;
  readonly skip?: number;
  readonly limit?: number;
}

/**
 * The reads a query makes of one collection of a read model, as plain documents (never hydrated
 * mongoose documents). The same calls run on the read store in a service and in memory in specs,
 * so a query is written once. `T` names the document shape a query relies on.
 */
export interface ReadCollection<TDocument> {
  findById<T = TDocument>(id: string, fields?: Fields): Promise<T | null>;
  findOne<T = TDocument>(filter: Filter, fields?: Fields): Promise<T | null>;
  find<T = TDocument>(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
}

/**
 * A read model as its queries see it: its collections, and — for a replica of another service's
 * facts that a decision needs — the means to tell a missing fact from one still on its way.
 */
export interface ReadModel<TCollections extends Collections = Collections> {
  readonly name: string;
  collection<K extends Extract<keyof TCollections, string>>(
    collection: K,
  ): ReadCollection<DocumentOf<TCollections, K>>;
  /**
   * For a decision that needs a fact this model does not hold: while it is behind its topics the
   * fact may be on its way, so this throws ReplicaBehind (503 over HTTP, a wait for a reaction);
   * once caught up, the fact does not exist and this returns.
   */
  requireCaughtUp(what: string): Promise<void>;
  /**
   * A fact a decision needs: `read` once, and if it finds nothing, again after making sure the
   * model is caught up (ReplicaBehind otherwise). The second read matters: the fact may have been
   * written between the first read and the lag check.
   */
  lookUp<T>(what: string, read: () => Promise<T | null>): Promise<T | null>;
}

/** The read model a projection definition builds: `ReadModelOf<typeof register>`. */
export type ReadModelOf<TProjection> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- only the collections matter here
  TProjection extends ProjectionDefinition<any, infer TCollections> ? ReadModel<TCollections> : never;

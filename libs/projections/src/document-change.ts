/**
 * A change to one read-model document, as absolute field values. Projections return changes
 * instead of writing, so they stay pure (tested without servers) and the runner can merge a
 * batch into one write per document.
 */
export interface DocumentChange<TCollection extends string = string> {
  /** Base collection name, e.g. "programs"; the runner adds the generation. */
  readonly collection: TCollection;
  readonly id: string;
  /**
   * Position of the causing event in the stream this document follows: a change never
   * overwrites a document that already reflects a later event, so replays and duplicates
   * are harmless.
   */
  readonly position: number;
  readonly set: Record<string, unknown>;
}

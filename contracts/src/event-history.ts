/** A JSON Schema (draft 2020-12) as loaded from contracts/schemas. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Every version an event type ever had. Versions are never removed: topics keep their events for
 * good, so a subscriber reading from the start meets them all.
 */
export interface EventHistory {
  /** Earlier versions, v1 first, each with the step that turns its data into the next version's. */
  readonly superseded: readonly {
    readonly schema: JsonSchema;
    // `never` lets each step declare its own input type; readPublishedEvent validates before calling.
    readonly upcast: (data: never) => unknown;
  }[];
  /** The current version's data schema: what publishers send, what consumers receive. */
  readonly current: JsonSchema;
}

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

/** The data type of every version of each event type of a context, v1 first (generated: `<Context>Versions`). */
export type EventVersions = Readonly<Record<string, readonly unknown[]>>;

/** `[(v1) => v2, (v2) => v3, …]`: the steps that bring the data of each version to the next. */
export type UpcastChain<TVersions extends readonly unknown[]> = TVersions extends readonly [
  infer TFrom,
  infer TTo,
  ...infer TLater,
]
  ? readonly [(data: TFrom) => TTo, ...UpcastChain<readonly [TTo, ...TLater]>]
  : readonly [];

/** A context's upcasters: a chain for each event type with more than one version, nothing for the others. */
export type Upcasters<TVersions extends EventVersions> = {
  readonly [
    TType in keyof TVersions as TVersions[TType] extends readonly [unknown, unknown, ...unknown[]]
      ? TType
      : never
  ]: UpcastChain<TVersions[TType]>;
};

/**
 * The histories of a context's event types: the generated schemas of every version (`<CONTEXT>_SCHEMAS`)
 * with the upcasters only people can write. A version added without its upcaster is a type error here.
 */
export function eventHistories<TVersions extends EventVersions>(
  schemas: { readonly [TType in keyof TVersions]: readonly JsonSchema[] },
  upcasters: Upcasters<TVersions>,
): { readonly [TType in keyof TVersions]: EventHistory } {
  // the generic mapped types are checked at the call; here they are plain records
  const versionsOf = schemas as Readonly<Record<string, readonly JsonSchema[]>>;
  const stepsOf = upcasters as unknown as Readonly<Record<string, readonly ((data: never) => unknown)[]>>;
  for (const type of Object.keys(stepsOf)) {
    if (!Object.hasOwn(versionsOf, type)) throw new Error(`${type}: upcasters for a type without schemas`);
  }
  return Object.fromEntries(
    Object.entries(versionsOf).map(([type, versions]) => {
      const steps = stepsOf[type] ?? [];
      if (steps.length !== versions.length - 1) {
        throw new Error(
          `${type} has ${versions.length} versions, so ${versions.length - 1} upcasters, not ${steps.length}: ` +
            `each version after v1 needs one from the version before, in its context's history.ts`,
        );
      }
      const superseded = steps.map((upcast, index) => ({ schema: versions[index], upcast }));
      return [type, { superseded, current: versions[versions.length - 1] }];
    }),
  ) as unknown as { readonly [TType in keyof TVersions]: EventHistory };
}

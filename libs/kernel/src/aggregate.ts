import type { Decider, DomainCommand, DomainEvent } from './decider';

/**
 * A kind of stream: its name, and how a key names one stream of that kind. Stream ids are always
 * `<name>-<key>` ("program-0f3e…", "trajectory-<teacherId>-2026"), so a search for the name finds
 * every layer of it, and no stream id is ever built by hand.
 */
export interface StreamKind<TKey extends readonly unknown[] = [string]> {
  /** e.g. "program": names the streams, the handler reactions and deadlines reach, the logs. */
  readonly name: string;
  streamId(...key: TKey): string;
}

/**
 * What a stream's events fold into, without deciding anything: the facts a decision of one aggregate
 * reads of another's stream (a program's provider, an attempt's teacher).
 */
export interface Fold<
  TState,
  TEvent extends DomainEvent,
  TKey extends readonly unknown[] = [string],
> extends StreamKind<TKey> {
  readonly initialState: TState;
  evolve(state: TState, event: TEvent): TState;
}

/** An aggregate: its stream kind and its decider. Handlers, reactions and deadlines take it, never a name. */
export interface Aggregate<
  TState,
  TCommand extends DomainCommand,
  TEvent extends DomainEvent,
  TKey extends readonly unknown[] = [string],
>
  extends Fold<TState, TEvent, TKey>, Decider<TState, TCommand, TEvent> {}

/** How a key becomes the part of the stream id after the name; a single string by default. */
type KeyOf<TKey extends readonly unknown[]> = { readonly key?: (...key: TKey) => string };

const joinKey = (...key: readonly unknown[]) => key.map(String).join('-');

function streamIdOf<TKey extends readonly unknown[]>(
  name: string,
  key: ((...key: TKey) => string) | undefined,
): (...key: TKey) => string {
  if (!/^[a-z]+(-[a-z]+)*$/.test(name)) {
    throw new Error(`an aggregate's name is lower-case words joined by "-", got "${name}"`);
  }
  const format = key ?? joinKey;
  return (...parts) => `${name}-${format(...parts)}`;
}

/**
 * Declares an aggregate: `defineAggregate<ProgramState, ProgramCommand, ProgramEvent>({ name:
 * 'program', initialState, decide, evolve })`; `program.streamId(programId)` is "program-<id>".
 * A key of several parts gives `key`: `(teacherId: string, year: number) => \`${teacherId}-${year}\``.
 */
export function defineAggregate<
  TState,
  TCommand extends DomainCommand,
  TEvent extends DomainEvent,
  TKey extends readonly unknown[] = [string],
>(
  definition: { readonly name: string } & KeyOf<TKey> & Decider<TState, TCommand, TEvent>,
): Aggregate<TState, TCommand, TEvent, TKey> {
  const { name, key, initialState, decide, evolve } = definition;
  return { name, streamId: streamIdOf(name, key), initialState, decide, evolve };
}

/**
 * Declares a fold of a stream kind: what one part of a service reads of streams another part (or
 * aggregate) writes, e.g. `defineFold<ProviderFacts, ProviderEvent>({ name: 'provider', … })` reads
 * "provider-<id>". It decides nothing, so it has no `decide`.
 */
export function defineFold<TState, TEvent extends DomainEvent, TKey extends readonly unknown[] = [string]>(
  definition: { readonly name: string; readonly initialState: TState } & KeyOf<TKey> & {
      evolve(state: TState, event: TEvent): TState;
    },
): Fold<TState, TEvent, TKey> {
  const { name, key, initialState, evolve } = definition;
  return { name, streamId: streamIdOf(name, key), initialState, evolve };
}

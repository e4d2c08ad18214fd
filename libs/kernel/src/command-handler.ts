import { randomUUID } from 'node:crypto';
import type { Actor, EventEnvelope } from '@pk/contracts';
import { v5 as uuidV5 } from 'uuid';
import { type Clock, systemClock } from './clock';
import { type Decider, type DomainCommand, type DomainEvent, DomainError } from './decider';
import { type EventStore, WrongExpectedRevision } from './event-store';
import { withLogContext } from './log-context';
import { currentTraceparent, inSpan } from './trace-context';

/** Who issued a command and in which conversation: recorded on every event it causes. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The command's or triggering event's id; defaults to a fresh id per command. */
  readonly causationId?: string | null;
  /**
   * Names the cause once and for all (a reaction to one event, a scheduled deadline): the events'
   * ids derive from it, and a stream that already holds the first of them has seen this cause, so
   * a redelivered or replayed cause decides nothing the second time.
   */
  readonly idempotencyKey?: string;
  /**
   * The revision the caller last saw (HTTP `If-Match`): the command is decided only on the stream
   * at exactly that revision, and otherwise refused with RevisionMismatch — never retried, since the
   * caller's picture of the record is what is out of date. "exists": any revision, but not no stream.
   */
  readonly expectedRevision?: number | 'exists';
}

export interface CommandOutcome {
  /** Stream revision after the command; -1 when the stream still does not exist. */
  readonly revision: number;
  readonly events: EventEnvelope[];
  /** The idempotency key was handled before: nothing was decided now. */
  readonly alreadyHandled?: boolean;
}

/**
 * Two writers raced on one stream and the retries ran out; the API answers 409 and the caller
 * may try again with fresh state.
 */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} kept changing under the command (${attempts} attempts); try again`);
    this.name = 'ConcurrencyConflict';
  }
}

/**
 * How stored events relate to their schemas: which version a new event is written in, how an older
 * stored one is brought to the current shape before `evolve`, and the check a decided event must
 * pass before it is stored for good. The service runtime builds it from the contracts.
 */
export interface EventSchemas {
  versionOf(type: string): number;
  upcast(stored: EventEnvelope): EventEnvelope;
  check(type: string, data: unknown): void;
}

/**
 * The stream is not at the revision the caller expected (HTTP 412): someone changed the record
 * since the caller read it. The caller reads it again and decides whether its change still stands.
 */
export class RevisionMismatch extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number | 'exists',
    readonly actual: number,
  ) {
    super(
      expected === 'exists'
        ? `stream ${streamId} does not exist`
        : `stream ${streamId} is at revision ${actual}, the caller expected ${expected}`,
    );
    this.name = 'RevisionMismatch';
  }
}

/** For events no contract describes (tests, a service's first sketch): version 1, as stored. */
export const UNVERSIONED: EventSchemas = { versionOf: () => 1, upcast: (e) => e, check: () => undefined };

/**
 * What a handler does around each decision, whoever sends the command (HTTP, a reaction, a
 * deadline). `prepare` adds what the decision needs and a command cannot carry — facts as they are
 * when it is decided (a deadline fired in ten days decides on that day's data); it runs in every
 * attempt, on the state that attempt loaded, so a retried decision never uses facts read before the
 * race it lost. `decided` follows up what was stored (e.g. schedules deadlines at once, in process).
 */
export interface HandlerHooks<TState, TCommand extends DomainCommand> {
  readonly prepare?: (command: TCommand, state: TState, streamId: string) => Promise<TCommand>;
  readonly decided?: (outcome: CommandOutcome) => Promise<void>;
}

/**
 * How a command ended, for counting: decided (events stored), unchanged (nothing to decide, or its
 * cause handled before), refused by the domain, conflict (a lost race or an If-Match that no longer
 * holds), failed (anything else: a store away, a bug).
 */
export type CommandVerdict = 'decided' | 'unchanged' | 'refused' | 'conflict' | 'failed';

/** Told of every command a handler ends and every append it makes (metrics; no I/O expected). */
export interface CommandObserver {
  handled(command: string, verdict: CommandVerdict, code: string | null): void;
  appended(seconds: number): void;
}

export interface CommandHandlerOptions<
  TState = unknown,
  TCommand extends DomainCommand = DomainCommand,
> extends HandlerHooks<TState, TCommand> {
  readonly schemas?: EventSchemas;
  readonly clock?: Clock;
  /** Attempts before a lost race becomes a ConcurrencyConflict; default 5. */
  readonly maxAttempts?: number;
  /**
   * Streams whose folded state the handler keeps (least recently used dropped first), so a command
   * reads only the events after it instead of the whole history; default 10 000, 0 keeps none.
   */
  readonly cachedStreams?: number;
  readonly observer?: CommandObserver;
}

/**
 * A stream as a handler last folded it. The state is shared by every later load, so a decider's
 * `evolve` must return new states rather than change the one it is given (the allotment's voucher
 * id Set is the one known exception: it only ever gains ids of events stored on that stream).
 */
interface CachedStream<TState> {
  readonly state: TState;
  readonly revision: number;
  /** Event id → stream position, for the idempotency marker; grows with the stream (≈100 B an event). */
  readonly ids: Map<string, number>;
  readonly changedAt: string | null;
}

function verdictOf(error: unknown): CommandVerdict {
  if (error instanceof DomainError) return 'refused';
  if (error instanceof ConcurrencyConflict || error instanceof RevisionMismatch) return 'conflict';
  return 'failed';
}

/** Namespace of the event ids derived from idempotency keys (UUID v5). */
const DERIVED_EVENT_IDS = 'a4d9a7c1-5e0b-4f3f-9a51-2b7c8e6d1f04';

export function derivedEventId(idempotencyKey: string, index: number): string {
  return uuidV5(`${idempotencyKey}#${index}`, DERIVED_EVENT_IDS);
}

/**
 * Load → decide → append with the expected revision. A lost race re-reads and decides again:
 * the decision is made on the state that really was there, never on a stale one.
 */
export class CommandHandler<TState, TCommand extends DomainCommand, TEvent extends DomainEvent> {
  private readonly schemas: EventSchemas;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly hooks: HandlerHooks<TState, TCommand>;
  private readonly cachedStreams: number;
  private readonly observer: CommandObserver | undefined;
  /** Insertion-ordered: a hit moves its stream to the end, the first key is the least recently used. */
  private readonly cache = new Map<string, CachedStream<TState>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<TState, TCommand, TEvent>,
    options: CommandHandlerOptions<TState, TCommand> = {},
  ) {
    this.schemas = options.schemas ?? UNVERSIONED;
    this.clock = options.clock ?? systemClock;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.hooks = { prepare: options.prepare, decided: options.decided };
    this.cachedStreams = options.cachedStreams ?? 10_000;
    this.observer = options.observer;
  }

  /** The aggregate's current state, folded from its stream (older versions upcast first). */
  async state(streamId: string): Promise<TState> {
    return (await this.load(streamId)).state;
  }

  /**
   * The state with the stream's revision (-1: no stream) and the time of its last event: a read that
   * answers the revision as its ETag answers the state of that very revision.
   */
  async current(
    streamId: string,
  ): Promise<{ readonly state: TState; readonly revision: number; readonly changedAt: string | null }> {
    const { state, revision, changedAt } = await this.load(streamId);
    return { state, revision, changedAt };
  }

  async handle(streamId: string, command: TCommand, context: CommandContext): Promise<CommandOutcome> {
    // every line logged while deciding (and in the hooks after) names the command's path
    return withLogContext(
      {
        correlationId: context.correlationId,
        ...(context.causationId === undefined ? {} : { causationId: context.causationId }),
        actor: context.actor.id,
        stream: streamId,
        command: command.type,
      },
      () =>
        // a span per command: the events it appends carry its context on to their consumers
        inSpan(`command ${command.type}`, { attributes: { 'pk.stream': streamId } }, async () => {
          let outcome: CommandOutcome;
          try {
            outcome = await this.decideAndAppend(streamId, command, context);
          } catch (error) {
            this.observer?.handled(
              command.type,
              verdictOf(error),
              error instanceof DomainError ? error.code : null,
            );
            throw error;
          }
          this.observer?.handled(command.type, outcome.events.length > 0 ? 'decided' : 'unchanged', null);
          if (!outcome.alreadyHandled) await this.hooks.decided?.(outcome);
          return outcome;
        }),
    );
  }

  private async decideAndAppend(
    streamId: string,
    command: TCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const causationId = context.causationId === undefined ? randomUUID() : context.causationId;
    const marker =
      context.idempotencyKey === undefined ? undefined : derivedEventId(context.idempotencyKey, 0);
    for (let attempt = 1; ; attempt++) {
      const { ids, state, revision } = await this.load(streamId);
      const markedAt = marker === undefined ? undefined : ids.get(marker);
      if (markedAt !== undefined && markedAt <= revision) {
        return { revision, events: [], alreadyHandled: true };
      }
      const expected = context.expectedRevision;
      if (expected !== undefined && (expected === 'exists' ? revision < 0 : revision !== expected)) {
        throw new RevisionMismatch(streamId, expected, revision);
      }
      const prepared = this.hooks.prepare ? await this.hooks.prepare(command, state, streamId) : command;
      const decided = this.decider.decide(prepared, state, { now: this.clock.now(), actor: context.actor });
      if (decided.length === 0) return { revision, events: [] };
      for (const event of decided) this.schemas.check(event.type, event.data);
      const traceparent = currentTraceparent();
      const appending = performance.now();
      try {
        const appended = await this.store.append(
          streamId,
          decided.map((event, index) => ({
            id:
              context.idempotencyKey === undefined
                ? randomUUID()
                : derivedEventId(context.idempotencyKey, index),
            type: event.type,
            schemaVersion: this.schemas.versionOf(event.type),
            data: event.data,
            actor: context.actor,
            correlationId: context.correlationId,
            causationId,
            ...(traceparent === undefined ? {} : { traceparent }),
          })),
          revision < 0 ? 'no-stream' : revision,
        );
        this.observer?.appended((performance.now() - appending) / 1000);
        this.remember(streamId, { state, revision, ids, changedAt: null }, appended.events);
        return appended;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflict(streamId, attempt);
        // Jittered pause so racing writers do not collide again in lock-step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * The stream's state, revision, event ids and last event's time. From the cache, the store is
   * asked only for the events after the cached revision, so the state is always the stream's
   * current one (another replica's appends are read, never missed); a cold stream is read whole.
   */
  private async load(streamId: string): Promise<CachedStream<TState>> {
    const cached = this.cache.get(streamId);
    if (cached !== undefined) {
      const tail = await this.store.readStream(streamId, { fromRevision: cached.revision + 1 });
      const loaded = this.remember(streamId, cached, tail);
      if (loaded !== undefined) return loaded;
    }
    const history = await this.store.readStream(streamId);
    const empty: CachedStream<TState> = {
      state: this.decider.initialState,
      revision: -1,
      ids: new Map(),
      changedAt: null,
    };
    // Not undefined: a whole history needs no earlier revision to follow on from.
    return this.remember(streamId, empty, history, true)!;
  }

  /**
   * Folds `events` (the stream's events right after `from.revision`) into `from` and keeps the
   * result while it is the newest the cache knows. Undefined when they do not follow on (a gap):
   * the caller reads the whole stream instead.
   */
  private remember(
    streamId: string,
    from: CachedStream<TState>,
    events: readonly EventEnvelope[],
    whole = false,
  ): CachedStream<TState> | undefined {
    if (!whole && events.length > 0 && events[0]!.streamPosition !== from.revision + 1) return undefined;
    const last = events.at(-1);
    let stream = from;
    if (last !== undefined) {
      // The ids are added in place: a copy per command would cost as much as the read it saves.
      // Harmless to a caller holding `from`, as only ids of events stored on this stream are added.
      const ids = from.ids;
      for (const event of events) ids.set(event.id, event.streamPosition);
      stream = {
        // An envelope carries { type, data } as its domain event does; older versions upcast first.
        state: events.reduce(
          (state, event) => this.decider.evolve(state, this.schemas.upcast(event) as unknown as TEvent),
          from.state,
        ),
        // The last event's position, not the count: a truncated stream need not start at 0.
        revision: last.streamPosition,
        ids,
        changedAt: last.time,
      };
    }
    // A stream not there (yet) is not kept: lookups of unknown ids would push out the real ones.
    if (this.cachedStreams > 0 && stream.revision >= 0) {
      const known = this.cache.get(streamId);
      // Never back: a slower load of an older revision must not replace a newer one.
      if (known === undefined || known.revision <= stream.revision) {
        this.cache.delete(streamId);
        this.cache.set(streamId, stream);
        if (this.cache.size > this.cachedStreams) this.cache.delete(this.cache.keys().next().value!);
      }
    }
    return stream;
  }
}

import type { Actor, EventEnvelope } from '@pk/contracts';

/**
 * What the writer expects of the stream: that it does not exist yet, that it is exactly at a
 * revision (0-based position of its last event), or nothing at all.
 */
export type ExpectedRevision = 'no-stream' | 'any' | number;

/** An event ready to append: the store adds the stream, positions, time and source. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  /**
   * W3C traceparent of the request that decided the event, when tracing is on: stored beside the
   * event (not in its envelope) so the relay can send it on to consumers (see trace-context.ts).
   */
  readonly traceparent?: string;
}

/**
 * An event read from the global log: its envelope, and the traceparent it was appended with, if
 * any. The traceparent never travels in the envelope (the published contract): the relay moves it
 * to the message's `traceparent` header.
 */
export type LoggedEvent = EventEnvelope & { readonly traceparent?: string };

export interface AppendResult {
  /** Revision of the stream after the append: pass it as the expected revision next time. */
  readonly revision: number;
  readonly events: EventEnvelope[];
}

export interface ReadStreamOptions {
  /**
   * Start at this revision (inclusive): only the tail a caller has not folded yet (a command
   * handler's cached state). Beyond the stream's end: no events.
   */
  readonly fromRevision?: number;
  /** Stop at this revision (inclusive): the stream as it was at that point. */
  readonly toRevision?: number;
  /** Only events recorded at or before this instant: what an auditor saw on that day. */
  readonly until?: Date;
}

/**
 * The event store port: one per service, the source of truth. Adapters: PostgreSQL and KurrentDB,
 * both held to the same contract suite.
 */
export interface EventStore {
  /**
   * Appends atomically; throws WrongExpectedRevision when the stream is not where expected. A
   * retry of the very same append (same events, same ids, same expected revision) answers as the
   * first did and stores nothing; ids stored anywhere else throw DuplicateEventId; misuse throws
   * InvalidAppend (see checkAppend).
   */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in order; [] for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /**
   * Events of the whole store after `checkpoint` (a globalPosition previously returned, or null
   * for the beginning), in global order, at most `limit`. Never skips an event that commits late.
   */
  readAll(checkpoint: string | null, limit: number): Promise<LoggedEvent[]>;
  /**
   * Calls the listener after each append through this instance has committed (its events are
   * then visible to readAll), until the returned function is called. Lets the relay wake on an
   * append instead of polling fast; appends of other processes are not signalled. Optional.
   */
  onAppended?(listener: () => void): () => void;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(
      `stream ${streamId} is at ${actual === 'no-stream' ? 'no stream' : `revision ${actual}`}, expected ${expected}`,
    );
    this.name = 'WrongExpectedRevision';
  }
}

/**
 * Some of the events' ids are stored already, but not as the very append being retried (another
 * stream, other positions): an id names one event for ever.
 */
export class DuplicateEventId extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`event ids already stored elsewhere, not as this append to ${streamId}: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventId';
  }
}

/** An append the store cannot take as asked (a caller's mistake, not a race): nothing was stored. */
export class InvalidAppend extends Error {
  constructor(
    readonly streamId: string,
    reason: string,
  ) {
    super(`cannot append to stream "${streamId}": ${reason}`);
    this.name = 'InvalidAppend';
  }
}

/** The largest stream revision any adapter can hold (PostgreSQL integer, KurrentDB long). */
export const MAX_REVISION = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What every adapter checks before it touches its server, so misuse fails alike everywhere with
 * InvalidAppend instead of a driver's error: a stream id, at least one event, distinct UUID ids,
 * and an expected revision that is 'no-stream', 'any' or a whole number the stores can hold.
 */
export function checkAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  const refuse = (reason: string) => {
    throw new InvalidAppend(streamId, reason);
  };
  if (typeof streamId !== 'string' || streamId.length === 0) refuse('the stream id is empty');
  if (events.length === 0) refuse('an append needs at least one event');
  if (expected !== 'no-stream' && expected !== 'any') {
    if (
      typeof expected !== 'number' ||
      !Number.isInteger(expected) ||
      expected < 0 ||
      expected > MAX_REVISION
    )
      refuse(
        `expected revision must be 'no-stream', 'any' or a whole number from 0 to ${MAX_REVISION}, got ${String(expected)}`,
      );
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !UUID.test(event.id))
      refuse(`event id ${String(event.id)} is not a UUID`);
    if (ids.has(event.id.toLowerCase())) refuse(`event id ${event.id} appears twice`);
    ids.add(event.id.toLowerCase());
  }
}

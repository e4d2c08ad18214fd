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
}

export interface AppendResult {
  /** Revision of the stream after the append: pass it as the expected revision next time. */
  readonly revision: number;
  readonly events: EventEnvelope[];
}

export interface ReadStreamOptions {
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
  /** Appends atomically; throws WrongExpectedRevision when the stream is not where expected. */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in order; [] for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /**
   * Events of the whole store after `checkpoint` (a globalPosition previously returned, or null
   * for the beginning), in global order, at most `limit`. Never skips an event that commits late.
   */
  readAll(checkpoint: string | null, limit: number): Promise<EventEnvelope[]>;
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

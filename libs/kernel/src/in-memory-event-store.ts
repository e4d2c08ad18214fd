import type { EventEnvelope } from '@pk/contracts';
import { type Clock, systemClock } from './clock';
import {
  type AppendResult,
  checkAppend,
  DuplicateEventId,
  type EventStore,
  type ExpectedRevision,
  type LoggedEvent,
  type NewEvent,
  type ReadStreamOptions,
  WrongExpectedRevision,
} from './event-store';

/**
 * The event store port in memory, held to the same contract suite as the PostgreSQL adapter: for
 * fast specs of command handlers, reactions and HTTP APIs (never instead of tests on real servers).
 * Envelopes are copied in and out, so a caller cannot change what is stored.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: EventEnvelope[] = [];
  /** The traceparents events were appended with, by event id (readAll answers them, as the stores do). */
  private readonly traceparents = new Map<string, string>();
  private readonly streams = new Map<string, EventEnvelope[]>();
  private readonly byId = new Map<string, EventEnvelope>();

  constructor(private readonly options: { readonly source: string; readonly clock?: Clock }) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    checkAppend(streamId, events, expected);
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? -1 : stream[stream.length - 1]!.streamPosition;
    const matches =
      expected === 'any' ||
      (expected === 'no-stream' && current === -1) ||
      (typeof expected === 'number' && current === expected);
    const stored = events.map((e) => this.byId.get(e.id.toLowerCase()));
    const found = stored.filter((e): e is EventEnvelope => e !== undefined);
    // As the PostgreSQL store: a retry of an append that was stored answers as the first did; the
    // ids are looked at only when the revision does not match (or with 'any').
    if (!matches || expected === 'any') {
      const first = stored[0]?.streamPosition ?? -1;
      const sameAppend =
        found.length === events.length &&
        stored.every((e, i) => e?.subject === streamId && e.streamPosition === first + i) &&
        (expected === 'any' || first === (expected === 'no-stream' ? 0 : expected + 1));
      if (sameAppend)
        return { revision: first + events.length - 1, events: found.map((e) => structuredClone(e)) };
      if (found.length > 0)
        throw new DuplicateEventId(
          streamId,
          found.map((e) => e.id),
        );
      if (!matches)
        throw new WrongExpectedRevision(streamId, expected, current === -1 ? 'no-stream' : current);
    }
    if (found.length > 0)
      throw new DuplicateEventId(
        streamId,
        found.map((e) => e.id),
      );
    const time = (this.options.clock ?? systemClock).now().toISOString();
    const recorded = events.map((event, i): EventEnvelope => {
      const position = this.log.length + 1;
      const envelope: EventEnvelope = {
        id: event.id.toLowerCase(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        source: this.options.source,
        subject: streamId,
        streamPosition: current + 1 + i,
        globalPosition: `0/${position}`,
        time,
        actor: structuredClone(event.actor),
        correlationId: event.correlationId,
        causationId: event.causationId,
        data: structuredClone(event.data),
      };
      this.log.push(envelope);
      this.byId.set(envelope.id, envelope);
      if (event.traceparent !== undefined) this.traceparents.set(envelope.id, event.traceparent);
      return envelope;
    });
    this.streams.set(streamId, [...stream, ...recorded]);
    return { revision: current + events.length, events: recorded.map((e) => structuredClone(e)) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    return (this.streams.get(streamId) ?? [])
      .filter((e) => options.fromRevision === undefined || e.streamPosition >= options.fromRevision)
      .filter((e) => options.toRevision === undefined || e.streamPosition <= options.toRevision)
      .filter((e) => options.until === undefined || Date.parse(e.time) <= options.until.getTime())
      .map((e) => structuredClone(e));
  }

  async readAll(checkpoint: string | null, limit: number): Promise<LoggedEvent[]> {
    const from = checkpoint === null ? 0 : Number(/^0\/(\d+)$/.exec(checkpoint)?.[1] ?? NaN);
    if (Number.isNaN(from)) throw new Error(`not an in-memory event store position: "${checkpoint}"`);
    return this.log.slice(from, from + limit).map((e) => {
      const traceparent = this.traceparents.get(e.id);
      return traceparent === undefined ? structuredClone(e) : { ...structuredClone(e), traceparent };
    });
  }

  async close(): Promise<void> {}
}

import {
  ANY,
  AppendStreamState,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { Actor, EventEnvelope } from '@pk/contracts';
import {
  AppendResult,
  checkAppend,
  EventStore,
  ExpectedRevision,
  LoggedEvent,
  NewEvent,
  ReadStreamOptions,
  WrongExpectedRevision,
} from '@pk/kernel';

export interface KurrentDbEventStoreOptions {
  /** e.g. "kurrentdb://127.0.0.1:2113?tls=false" */
  readonly connectionString: string;
  /**
   * Prefix of every stream this store owns ("catalog:"), so services (or test runs) that share
   * one KurrentDB read only their own streams from the global log.
   */
  readonly streamPrefix: string;
  /** The envelope's source, e.g. "pk/catalog". */
  readonly source: string;
}

interface StoredMetadata {
  schemaVersion: number;
  actor: Actor;
  $correlationId: string;
  $causationId: string | null;
  /** W3C trace context of the appending request; absent with tracing off. */
  traceparent?: string;
}

/**
 * The same port on KurrentDB (formerly EventStoreDB), the store built for this: optimistic
 * concurrency by stream revision, a global log ordered by commit position, point-in-time reads by
 * each event's creation time.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;

  constructor(private readonly options: KurrentDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(options.connectionString);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    checkAppend(streamId, events, expected);
    const streamState: AppendStreamState =
      expected === 'any' ? ANY : expected === 'no-stream' ? NO_STREAM : BigInt(expected);
    try {
      const result = await this.client.appendToStream(
        this.streamName(streamId),
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: {
              schemaVersion: e.schemaVersion,
              actor: e.actor,
              $correlationId: e.correlationId,
              $causationId: e.causationId,
              ...(e.traceparent === undefined ? {} : { traceparent: e.traceparent }),
            } satisfies StoredMetadata,
          }),
        ),
        { streamState },
      );
      const revision = Number(result.nextExpectedRevision);
      if (!result.success)
        throw new WrongExpectedRevision(streamId, expected, await this.currentRevision(streamId));
      // The append answer carries no per-event positions or times: read back just what was
      // written, from the leader (a follower may not have it yet).
      const recorded: EventEnvelope[] = [];
      for await (const resolved of this.client.readStream(this.streamName(streamId), {
        direction: FORWARDS,
        fromRevision: BigInt(revision - events.length + 1),
        maxCount: events.length,
        requiresLeader: true,
      })) {
        recorded.push(this.envelope(resolved));
      }
      return { revision, events: recorded };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = await this.currentRevision(streamId);
        throw new WrongExpectedRevision(streamId, expected, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const envelopes: EventEnvelope[] = [];
    try {
      for await (const resolved of this.client.readStream(this.streamName(streamId), {
        direction: FORWARDS,
        fromRevision:
          options.fromRevision === undefined || options.fromRevision <= 0
            ? START
            : BigInt(options.fromRevision),
      })) {
        const envelope = this.envelope(resolved);
        if (options.toRevision !== undefined && envelope.streamPosition > options.toRevision) break;
        if (options.until !== undefined && new Date(envelope.time) > options.until) break;
        envelopes.push(envelope);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return envelopes;
  }

  async readAll(checkpoint: string | null, limit: number): Promise<LoggedEvent[]> {
    const from = checkpoint === null ? START : parsePosition(checkpoint);
    const envelopes: LoggedEvent[] = [];
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: from,
      // One extra: reading from a position includes the event at that position.
      maxCount: limit + 1,
      filter: streamNameFilter({ prefixes: [this.options.streamPrefix] }),
    })) {
      const envelope = this.envelope(resolved);
      if (envelope.globalPosition === checkpoint) continue;
      const { traceparent } = resolved.event!.metadata as unknown as StoredMetadata;
      envelopes.push(traceparent === undefined ? envelope : { ...envelope, traceparent });
      if (envelopes.length === limit) break;
    }
    return envelopes;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private streamName(streamId: string): string {
    return `${this.options.streamPrefix}${streamId}`;
  }

  private async currentRevision(streamId: string): Promise<number | 'no-stream'> {
    const events = await this.readStream(streamId);
    return events.length === 0 ? 'no-stream' : events[events.length - 1]!.streamPosition;
  }

  private envelope(resolved: ResolvedEvent): EventEnvelope {
    const event = resolved.event;
    if (!event || !event.isJson) throw new Error('KurrentDB returned an event that is not JSON');
    const metadata = event.metadata as unknown as StoredMetadata;
    const position = event.position;
    return {
      id: event.id,
      type: event.type,
      schemaVersion: metadata.schemaVersion,
      source: this.options.source,
      subject: event.streamId.slice(this.options.streamPrefix.length),
      streamPosition: Number(event.revision),
      globalPosition: position ? `${position.commit}/${position.prepare}` : '',
      time: event.created.toISOString(),
      actor: metadata.actor,
      correlationId: metadata.$correlationId,
      causationId: metadata.$causationId,
      data: event.data,
    };
  }
}

function parsePosition(checkpoint: string): { commit: bigint; prepare: bigint } {
  const match = /^(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`not a KurrentDB position: "${checkpoint}"`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

import type { EventEnvelope } from '@pk/contracts';
import {
  AppendResult,
  checkAppend,
  DuplicateEventId,
  EventStore,
  ExpectedRevision,
  LoggedEvent,
  NewEvent,
  ReadStreamOptions,
  WrongExpectedRevision,
} from '@pk/kernel';
import { Pool, PoolClient } from 'pg';

export interface PostgresEventStoreOptions {
  readonly pool: Pool;
  /** PostgreSQL schema holding this service's tables, e.g. "catalog". */
  readonly schema: string;
  /** The envelope's source, e.g. "pk/catalog". */
  readonly source: string;
}

interface EventRow {
  global_position: string;
  tx_id: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  actor: { id: string; role: string };
  correlation_id: string;
  causation_id: string | null;
  recorded_at: Date;
  traceparent: string | null;
}

/** PostgreSQL's unique_violation: a position or an event id taken. */
const UNIQUE_VIOLATION = '23505';
/** Appends of up to this many events run as named (prepared) statements; longer ones unnamed. */
const PREPARED_UP_TO = 32;
/**
 * 'any' appends that lose a race for a position try again (each lost race means another append
 * committed, so the stream moves on); after this many the error surfaces.
 */
const ANY_ATTEMPTS = 100;

const COLUMNS = `global_position, tx_id, stream_id, stream_position, event_id, type, schema_version, data, actor,
  correlation_id, causation_id, recorded_at, traceparent`;

/** Appends written together at most: a group's statement stays a few hundred rows. */
const GROUP_APPENDS = 64;
const GROUP_EVENTS = 512;

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: number | 'no-stream';
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What an INSERT sends back: only what the client does not know already. */
interface InsertedRow {
  global_position: string;
  tx_id: string;
  stream_position: number;
  recorded_at: Date;
}

/**
 * Event store on PostgreSQL.
 *
 * The global log is ordered by (transaction id, sequence), and a reader only sees transactions
 * older than the oldest one still running (`pg_snapshot_xmin`). A sequence value alone is not
 * commit order: a transaction that took position 5 may commit after the one that took 6, and a
 * reader that had moved past 6 would skip 5 for ever. Transaction ids below the snapshot's xmin
 * are all finished, so nothing can appear behind the reader's checkpoint.
 *
 * Within a stream the order must match stream positions. An append is one INSERT in its own
 * transaction at the positions after the revision the writer saw, and (stream, position) is
 * unique: an append after revision n can only succeed once the event at n committed, and its own
 * transaction id is assigned when it inserts, after that commit — so it is larger, and the global
 * log keeps every stream in order. Two appends after the same revision race for the same unique
 * key: one commits, the other waits for it and fails (WrongExpectedRevision). With expected
 * revision n the INSERT also requires the event at n to exist, so no append leaves a gap. Each
 * shape of append is a prepared statement that sends back only positions, transaction id and time.
 *
 * Appends to different streams that arrive together are written together (group commit, see
 * commitWaiting): one INSERT guarded per stream exactly as above, so a stream's optimistic
 * concurrency and a retried append's idempotency do not change; when any of them loses a race the
 * group's transaction stores nothing and each is written alone.
 */ export class PostgresEventStore implements EventStore {
  private readonly table: string;
  private ready: Promise<void> | undefined;
  /** Appends waiting for the group being written (see commitWaiting). */
  private waiting: PendingAppend[] = [];
  private writing = false;
  private readonly appendedListeners = new Set<() => void>();

  constructor(private readonly options: PostgresEventStoreOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
      throw new Error(`schema must be a lower-case SQL identifier, got "${options.schema}"`);
    }
    this.table = `${options.schema}.events`;
  }

  /** Creates the schema and table once per process (safe to run concurrently and repeatedly). */
  migrate(): Promise<void> {
    this.ready ??= this.withTransaction(async (client) => {
      // Serialise concurrent migrations of the same schema from several replicas.
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`migrate:${this.table}`]);
      await client.query(`create schema if not exists ${this.options.schema}`);
      await client.query(`
        create table if not exists ${this.table} (
          global_position bigint generated always as identity primary key,
          tx_id xid8 not null default pg_current_xact_id(),
          stream_id text not null,
          stream_position integer not null,
          event_id uuid not null unique,
          type text not null,
          schema_version integer not null,
          data jsonb not null,
          actor jsonb not null,
          correlation_id text not null,
          causation_id text,
          recorded_at timestamptz not null default now(),
          traceparent text,
          unique (stream_id, stream_position)
        )`);
      // W3C trace context of the appending request (null with tracing off), for the relay's
      // traceparent header; added to tables made before it, a nullable column (no rewrite)
      const traced = await client.query(
        `select 1 from information_schema.columns
         where table_schema = $1 and table_name = 'events' and column_name = 'traceparent'`,
        [this.options.schema],
      );
      if (traced.rowCount === 0) await client.query(`alter table ${this.table} add column traceparent text`);
      await client.query(
        `create index if not exists events_log_order on ${this.table} (tx_id, global_position)`,
      );
      // Appends used to run in a stored function; they are plain INSERTs now.
      await client.query(
        `drop function if exists ${this.options.schema}.append_events(text, text, uuid[], text[], int[], jsonb[], jsonb[], text[], text[])`,
      );
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    checkAppend(streamId, events, expected);
    await this.migrate();
    // 'any' computes its positions from the stream's end: alone, as it always was
    const result = await (expected === 'any'
      ? this.appendAlone(streamId, events, expected)
      : new Promise<AppendResult>((resolve, reject) => {
          this.waiting.push({ streamId, events, expected, resolve, reject });
          this.commitWaiting();
        }));
    for (const listener of this.appendedListeners) listener();
    return result;
  }

  onAppended(listener: () => void): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  /**
   * Group commit: appends that arrive while a group is being written wait, and are written together
   * by the next one — one INSERT, one transaction, one round trip for many streams. At low load a
   * group is one append (written at once, as before); under load the groups grow with it. A group
   * takes at most one append per stream: two writers racing on a stream expect the same revision,
   * and the later waits for the next group to be told it lost.
   */
  private commitWaiting(): void {
    if (this.writing || this.waiting.length === 0) return;
    const group: PendingAppend[] = [];
    const streams = new Set<string>();
    let events = 0;
    const later: PendingAppend[] = [];
    for (const pending of this.waiting) {
      if (streams.has(pending.streamId) || group.length >= GROUP_APPENDS || events >= GROUP_EVENTS) {
        later.push(pending);
        continue;
      }
      streams.add(pending.streamId);
      events += pending.events.length;
      group.push(pending);
    }
    this.waiting = later;
    this.writing = true;
    void this.writeGroup(group).finally(() => {
      this.writing = false;
      this.commitWaiting();
    });
  }

  private async writeGroup(group: readonly PendingAppend[]): Promise<void> {
    const settle = async (pending: PendingAppend, answer: () => Promise<AppendResult>) => {
      try {
        pending.resolve(await answer());
      } catch (error) {
        pending.reject(error);
      }
    };
    if (group.length === 1) {
      const [only] = group;
      return settle(only!, () => this.appendAlone(only!.streamId, only!.events, only!.expected));
    }
    let rows: (InsertedRow & { event_id: string })[];
    try {
      rows = await this.insertGroup(group);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) {
        for (const pending of group) pending.reject(error);
        return;
      }
      // A position or an id of one of them is taken (a lost race, a retried append): the group's
      // transaction stored nothing. The one the error names is written alone, to get its own
      // answer, and the rest again as a group; when none is named, each is written alone.
      const culprit = culpritOf(error, group);
      const alone = culprit ? [culprit] : group;
      await Promise.all([
        ...alone.map((pending) =>
          settle(pending, () => this.appendAlone(pending.streamId, pending.events, pending.expected)),
        ),
        ...(culprit ? [this.writeGroup(group.filter((pending) => pending !== culprit))] : []),
      ]);
      return;
    }
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    await Promise.all(
      group.map((pending) =>
        settle(pending, async () => {
          const own = pending.events.map((event) => byId.get(event.id.toLowerCase()));
          if (own.every((row) => row !== undefined)) {
            return this.recorded(pending.streamId, pending.events, own as InsertedRow[]);
          }
          // its guard held nothing back but this stream: the revision it expected is not there
          const retried = await this.sameAppend(pending.streamId, pending.events, pending.expected);
          if (retried) return retried;
          throw new WrongExpectedRevision(
            pending.streamId,
            pending.expected,
            await this.revisionOf(pending.streamId),
          );
        }),
      ),
    );
  }

  /**
   * One INSERT for a group of appends (no 'any' among them), each guarded as it would be alone: a
   * new stream at positions 0…, an expected revision n at n+1… only if the event at n exists.
   */
  private async insertGroup(group: readonly PendingAppend[]) {
    const columns: unknown[][] = Array.from({ length: 11 }, () => []);
    for (const { streamId, events, expected } of group) {
      events.forEach((event, k) => {
        const row = [streamId, expected === 'no-stream' ? -1 : expected, k, ...eventColumns(event)];
        row.forEach((value, column) => columns[column]!.push(value));
      });
    }
    const { rows } = await this.options.pool.query<InsertedRow & { event_id: string }>({
      name: `pk-append-${this.options.schema}-group`,
      text: `insert into ${this.table}
               (stream_id, stream_position, event_id, type, schema_version, data, actor, correlation_id, causation_id, traceparent)
             select v.stream_id, case when v.expected < 0 then v.k else v.expected + 1 + v.k end,
                    v.id, v.type, v.version, v.data, v.actor, v.correlation, v.causation, v.traceparent
             from unnest($1::text[], $2::int[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[],
                         $8::jsonb[], $9::text[], $10::text[], $11::text[]) with ordinality
                  as v(stream_id, expected, k, id, type, version, data, actor, correlation, causation, traceparent, n)
             where v.expected < 0
                or exists (select 1 from ${this.table} e where e.stream_id = v.stream_id and e.stream_position = v.expected)
             order by v.n
             returning global_position, tx_id::text as tx_id, stream_position, recorded_at, event_id::text as event_id`,
      values: columns,
    });
    return rows;
  }

  private async appendAlone(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.insert(streamId, events, expected);
        if (rows.length === 0) {
          // the revision the writer expected is not there (the stream is shorter)
          const retried = await this.sameAppend(streamId, events, expected);
          if (retried) return retried;
          throw new WrongExpectedRevision(streamId, expected, await this.revisionOf(streamId));
        }
        return this.recorded(streamId, events, rows);
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code !== UNIQUE_VIOLATION) throw error;
        // A position or an id is taken: the very same append retried, an id used elsewhere, or a race.
        const retried = await this.sameAppend(streamId, events, expected);
        if (retried) return retried;
        if (constraint?.endsWith('event_id_key')) {
          const taken = await this.options.pool.query<{ event_id: string }>(
            `select event_id from ${this.table} where event_id = any($1::uuid[])`,
            [events.map((e) => e.id)],
          );
          throw new DuplicateEventId(
            streamId,
            taken.rows.map((r) => r.event_id),
          );
        }
        if (expected !== 'any')
          throw new WrongExpectedRevision(streamId, expected, await this.revisionOf(streamId));
        if (attempt >= ANY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
      }
    }
  }

  /**
   * One INSERT in its own transaction (a pool query). 'no-stream' writes positions 0…; a revision
   * n writes n+1… only if the event at n exists; 'any' writes after the stream's last position.
   */
  private async insert(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<InsertedRow[]> {
    const mode = expected === 'no-stream' ? 'new' : expected === 'any' ? 'any' : 'after';
    const columns = `stream_id, stream_position, event_id, type, schema_version, data, actor, correlation_id, causation_id, traceparent`;
    const returning = `returning global_position, tx_id::text as tx_id, stream_position, recorded_at`;
    const values: unknown[] = [streamId];
    if (mode === 'after') values.push(expected);
    const first = values.length + 1;
    const tuples = events.map((event, k) => {
      values.push(...eventColumns(event));
      const p = (i: number) => `$${first + k * 8 + i}`;
      return `${p(0)}::uuid, ${p(1)}::text, ${p(2)}::int, ${p(3)}::jsonb, ${p(4)}::jsonb, ${p(5)}::text, ${p(6)}::text, ${p(7)}::text`;
    });
    // A new stream is the plain multi-row INSERT (positions 0…, the unique key refuses a second
    // writer); the others compute positions in an INSERT … SELECT guarded as described above.
    const text =
      mode === 'new'
        ? `insert into ${this.table} (${columns})
           values ${tuples.map((t, k) => `($1, ${k}, ${t})`).join(', ')}
           ${returning}`
        : `insert into ${this.table} (${columns})
           select $1, ${mode === 'after' ? '$2::int + 1' : `coalesce((select max(e.stream_position) from ${this.table} e where e.stream_id = $1), -1) + 1`} + v.k,
                  v.id, v.type, v.version, v.data, v.actor, v.correlation, v.causation, v.traceparent
           from (values ${tuples.map((t, k) => `(${k}, ${t})`).join(', ')})
                as v(k, id, type, version, data, actor, correlation, causation, traceparent)
           ${mode === 'after' ? `where exists (select 1 from ${this.table} e where e.stream_id = $1 and e.stream_position = $2::int)` : ''}
           order by v.k
           ${returning}`;
    const name =
      events.length <= PREPARED_UP_TO
        ? `pk-append-${this.options.schema}-${mode}-${events.length}`
        : undefined;
    const { rows } = await this.options.pool.query<InsertedRow>({ name, text, values });
    return rows;
  }

  /** The envelopes of an append, from what was sent and what the INSERT sent back. */
  private recorded(streamId: string, events: readonly NewEvent[], rows: InsertedRow[]): AppendResult {
    const ordered = [...rows].sort((a, b) => a.stream_position - b.stream_position);
    const envelopes = events.map((event, k): EventEnvelope => {
      const row = ordered[k]!;
      return {
        id: event.id.toLowerCase(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        source: this.options.source,
        subject: streamId,
        streamPosition: row.stream_position,
        globalPosition: `${row.tx_id}/${row.global_position}`,
        time: row.recorded_at.toISOString(),
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        data: event.data,
      };
    });
    return { revision: envelopes[envelopes.length - 1]!.streamPosition, events: envelopes };
  }

  /**
   * A retry of an append that was stored (its answer lost on the way back) answers as the first
   * did: the same ids, in this stream, consecutive, where this append would have put them.
   */
  private async sameAppend(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const { rows } = await this.options.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.table} where event_id = any($1::uuid[]) order by stream_position`,
      [events.map((e) => e.id)],
    );
    if (rows.length !== events.length) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const stored = events.map((e) => byId.get(e.id.toLowerCase()));
    const first = stored[0]?.stream_position ?? -1;
    const same =
      stored.every((r, k) => r?.stream_id === streamId && r.stream_position === first + k) &&
      (expected === 'any' || first === (expected === 'no-stream' ? 0 : expected + 1));
    if (!same) return undefined;
    return { revision: first + events.length - 1, events: stored.map((r) => this.envelope(r!)) };
  }

  private async revisionOf(streamId: string): Promise<number | 'no-stream'> {
    const { rows } = await this.options.pool.query<{ revision: number | null }>(
      `select max(stream_position) as revision from ${this.table} where stream_id = $1`,
      [streamId],
    );
    return rows[0]?.revision ?? 'no-stream';
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    await this.migrate();
    const { rows } = await this.options.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.table}
       where stream_id = $1 and stream_position >= $4
         and ($2::int is null or stream_position <= $2) and ($3::timestamptz is null or recorded_at <= $3)
       order by stream_position`,
      // A plain bound (0 for the whole stream), so the tail is a range scan of the
      // (stream_id, stream_position) unique index, not a filter over the whole stream.
      [streamId, options.toRevision ?? null, options.until ?? null, Math.max(0, options.fromRevision ?? 0)],
    );
    return rows.map((r) => this.envelope(r));
  }

  async readAll(checkpoint: string | null, limit: number): Promise<LoggedEvent[]> {
    await this.migrate();
    const [txId, position] = parseCheckpoint(checkpoint);
    const { rows } = await this.options.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.table}
       where (tx_id, global_position) > ($1::xid8, $2::bigint)
         and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       order by tx_id, global_position
       limit $3`,
      [txId, position, limit],
    );
    // the log's readers (the relay) also get the trace each event was appended in
    return rows.map((r): LoggedEvent => {
      const envelope = this.envelope(r);
      return r.traceparent === null ? envelope : { ...envelope, traceparent: r.traceparent };
    });
  }

  async close(): Promise<void> {
    await this.options.pool.end();
  }

  private envelope(row: EventRow): EventEnvelope {
    return {
      id: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      source: this.options.source,
      subject: row.stream_id,
      streamPosition: row.stream_position,
      globalPosition: `${row.tx_id}/${row.global_position}`,
      time: row.recorded_at.toISOString(),
      actor: row.actor,
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      data: row.data,
    };
  }

  private async withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * The append of a group a unique violation is about, from PostgreSQL's detail: "Key (event_id)=(…)
 * already exists" or "Key (stream_id, stream_position)=(…, 3) already exists".
 */
function culpritOf(error: unknown, group: readonly PendingAppend[]): PendingAppend | undefined {
  const detail = String((error as { detail?: unknown }).detail ?? '');
  const id = /^Key \(event_id\)=\(([0-9a-f-]{36})\)/i.exec(detail)?.[1]?.toLowerCase();
  if (id) return group.find((pending) => pending.events.some((event) => event.id.toLowerCase() === id));
  const position = /^Key \(stream_id, stream_position\)=\((.*), (\d+)\) already exists/.exec(detail);
  if (position) return group.find((pending) => pending.streamId === position[1]);
  return undefined;
}

function parseCheckpoint(checkpoint: string | null): [string, string] {
  if (checkpoint === null) return ['0', '0'];
  const match = /^(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`not a PostgreSQL event store position: "${checkpoint}"`);
  return [match[1]!, match[2]!];
}

/** An event's columns after the stream's, in the order both the single and the grouped insert write them. */
function eventColumns(event: NewEvent): unknown[] {
  return [
    event.id,
    event.type,
    event.schemaVersion,
    JSON.stringify(event.data),
    JSON.stringify(event.actor),
    event.correlationId,
    event.causationId,
    event.traceparent ?? null,
  ];
}

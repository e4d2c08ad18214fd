import type { EventEnvelope } from '@pk/contracts';
import {
  AppendResult,
  checkAppend,
  DuplicateEventId,
  EventStore,
  ExpectedRevision,
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
}

/** SQLSTATE raised by append_events when the stream is not at the expected revision. */
const WRONG_EXPECTED_REVISION = 'PK409';
/** SQLSTATE raised by append_events when some of the event ids are stored, but not as this append. */
const DUPLICATE_EVENT_ID = 'PK423';
/** PostgreSQL's unique_violation: an event id stored elsewhere, found by the insert itself. */
const UNIQUE_VIOLATION = '23505';

const COLUMNS = `global_position, tx_id, stream_id, stream_position, event_id, type, schema_version, data, actor,
  correlation_id, causation_id, recorded_at`;

/**
 * Event store on PostgreSQL.
 *
 * The global log is ordered by (transaction id, sequence), and a reader only sees transactions
 * older than the oldest one still running (`pg_snapshot_xmin`). A sequence value alone is not
 * commit order: a transaction that took position 5 may commit after the one that took 6, and a
 * reader that had moved past 6 would skip 5 for ever. Transaction ids below the snapshot's xmin
 * are all finished, so nothing can appear behind the reader's checkpoint.
 *
 * Within a stream the order must match stream positions. Appends to one stream are serialised by
 * a transaction-scoped advisory lock, and the transaction id is assigned right after taking it
 * (`pg_current_xact_id()`), so a later append to the same stream always has a larger id. That runs
 * in a stored function (append_events), one round trip per append.
 */
export class PostgresEventStore implements EventStore {
  private readonly table: string;
  private ready: Promise<void> | undefined;

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
          unique (stream_id, stream_position)
        )`);
      await client.query(
        `create index if not exists events_log_order on ${this.table} (tx_id, global_position)`,
      );
      // Appends run server-side: the advisory lock serialises writers of one stream, and the
      // transaction id is taken right after it, so a later append to a stream always carries a
      // larger id (the global log's order). The revision check raises PK409 with the actual
      // revision in DETAIL.
      await client.query(`
        create or replace function ${this.options.schema}.append_events(
          p_stream text, p_expected text, p_ids uuid[], p_types text[], p_versions int[], p_data jsonb[],
          p_actors jsonb[], p_correlations text[], p_causations text[])
        returns setof ${this.table}
        language plpgsql as $$
        declare
          current_revision int;
          recorded timestamptz;
          found_count int;
          first_position int;
          consecutive boolean;
        begin
          -- The ordering argument needs the transaction id taken after the lock: refuse to run
          -- inside a transaction that already wrote (and so already has an id).
          if pg_current_xact_id_if_assigned() is not null then
            raise exception 'append_events must run in its own transaction';
          end if;
          perform pg_advisory_xact_lock(hashtextextended('stream:' || p_stream, 0));
          perform pg_current_xact_id();
          -- Taken after the lock, so recording times follow stream positions (point-in-time reads).
          recorded := clock_timestamp();
          select max(e.stream_position) into current_revision from ${this.table} e where e.stream_id = p_stream;
          -- A retry of an append that was stored (its answer lost on the way back) must answer as
          -- the first did. It can only look like a wrong revision (or, with 'any', like new events),
          -- so the ids are looked up only then: the ordinary append pays nothing for it.
          if p_expected = 'any'
             or (p_expected = 'no-stream' and current_revision is not null)
             or (p_expected <> 'no-stream' and (current_revision is null or current_revision <> p_expected::int)) then
            select count(*)::int, bool_and(f.stream_id = p_stream and f.stream_position = f.first + f.ord - 1),
                   min(f.first)
              into found_count, consecutive, first_position
              from (select e.stream_id, e.stream_position, u.ord,
                           first_value(e.stream_position) over (order by u.ord) as first
                      from unnest(p_ids) with ordinality as u(id, ord)
                      join ${this.table} e on e.event_id = u.id) f;
            if found_count = cardinality(p_ids) and consecutive
               and (p_expected = 'any'
                    or (p_expected = 'no-stream' and first_position = 0)
                    or (p_expected not in ('any', 'no-stream') and first_position = p_expected::int + 1)) then
              return query select * from ${this.table} e where e.event_id = any(p_ids) order by e.stream_position;
              return;
            elsif found_count > 0 then
              raise exception using errcode = '${DUPLICATE_EVENT_ID}', message = 'duplicate event id',
                detail = (select string_agg(e.event_id::text, ',') from ${this.table} e where e.event_id = any(p_ids));
            end if;
            if p_expected <> 'any' then
              raise exception using errcode = '${WRONG_EXPECTED_REVISION}', message = 'wrong expected revision',
                detail = coalesce(current_revision::text, 'no-stream');
            end if;
          end if;
          return query
            insert into ${this.table} (stream_id, stream_position, event_id, type, schema_version, data, actor,
                                       correlation_id, causation_id, recorded_at)
            select p_stream, coalesce(current_revision, -1) + u.ord::int, u.id, u.type, u.version, u.data, u.actor,
                   u.correlation, u.causation, recorded
            from unnest(p_ids, p_types, p_versions, p_data, p_actors, p_correlations, p_causations)
                 with ordinality as u(id, type, version, data, actor, correlation, causation, ord)
            returning *;
        end $$`);
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
    try {
      // One round trip, one transaction: the stored function locks the stream, takes the
      // transaction id, checks the revision and inserts (see migrate()).
      const { rows } = await this.options.pool.query<EventRow>(
        `select ${COLUMNS} from ${this.options.schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          streamId,
          String(expected),
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.actor)),
          events.map((e) => e.correlationId),
          events.map((e) => e.causationId),
        ],
      );
      const recorded = rows
        .sort((a, b) => a.stream_position - b.stream_position)
        .map((r) => this.envelope(r));
      return { revision: recorded[recorded.length - 1]!.streamPosition, events: recorded };
    } catch (error) {
      const { code, detail } = error as { code?: string; detail?: string };
      switch (code) {
        case WRONG_EXPECTED_REVISION:
          throw new WrongExpectedRevision(
            streamId,
            expected,
            detail === 'no-stream' || detail === undefined ? 'no-stream' : Number(detail),
          );
        case DUPLICATE_EVENT_ID:
          throw new DuplicateEventId(streamId, detail?.split(',') ?? []);
        case UNIQUE_VIOLATION:
          // only event_id is unique besides (stream, position), which the stream lock protects
          throw new DuplicateEventId(streamId, [/\(event_id\)=\(([^)]+)\)/.exec(detail ?? '')?.[1] ?? '?']);
        default:
          throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    await this.migrate();
    const { rows } = await this.options.pool.query<EventRow>(
      `select ${COLUMNS} from ${this.table}
       where stream_id = $1 and ($2::int is null or stream_position <= $2) and ($3::timestamptz is null or recorded_at <= $3)
       order by stream_position`,
      [streamId, options.toRevision ?? null, options.until ?? null],
    );
    return rows.map((r) => this.envelope(r));
  }

  async readAll(checkpoint: string | null, limit: number): Promise<EventEnvelope[]> {
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
    return rows.map((r) => this.envelope(r));
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

function parseCheckpoint(checkpoint: string | null): [string, string] {
  if (checkpoint === null) return ['0', '0'];
  const match = /^(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`not a PostgreSQL event store position: "${checkpoint}"`);
  return [match[1]!, match[2]!];
}

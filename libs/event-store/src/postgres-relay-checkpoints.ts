import { Logger } from '@nestjs/common';
import type { ParkedEvent, RelayCheckpoints, RelayLease } from '@pk/kernel';
import { Pool, PoolClient } from 'pg';

/** The relay backlog is counted up to this many events: beyond it, the figure means "at least". */
export const BACKLOG_COUNTED_UP_TO = 100_000;

/**
 * Relay checkpoints in the service's own PostgreSQL schema, beside its events; leadership by a
 * session advisory lock, so of several replicas exactly one relays and another takes over when
 * its connection dies. The leader saves its checkpoint through the lock-holding connection: a
 * leader that lost its lock cannot move the checkpoint any more.
 */
export class PostgresRelayCheckpoints implements RelayCheckpoints {
  private readonly logger = new Logger('relay-checkpoints');
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async load(relay: string): Promise<string | null> {
    await this.migrate();
    const { rows } = await this.pool.query<{ position: string }>(
      `select position from ${this.schema}.relay_checkpoints where relay = $1`,
      [relay],
    );
    return rows[0]?.position ?? null;
  }

  /**
   * Events after the checkpoint, counted up to BACKLOG_COUNTED_UP_TO (a relay reset to the start of a
   * long log need not be counted to the last event to be alarming) over the log-order index.
   */
  async backlog(relay: string): Promise<number> {
    const position = await this.load(relay);
    const [txId, globalPosition] = position === null ? ['0', '0'] : position.split('/');
    const { rows } = await this.pool.query<{ backlog: number }>(
      `select count(*)::int as backlog from (
         select 1 from ${this.schema}.events
          where (tx_id, global_position) > ($1::xid8, $2::bigint)
          limit ${BACKLOG_COUNTED_UP_TO}) behind`,
      [txId, globalPosition],
    );
    return rows[0]?.backlog ?? 0;
  }

  async parked(relay: string): Promise<{ count: number; last: ParkedEvent | null }> {
    await this.migrate();
    const { rows } = await this.pool.query<{
      count: string;
      event_id: string | null;
      type: string;
      stream_id: string;
      global_position: string;
      reason: string;
      parked_at: Date;
    }>(
      `select count(*) over () as count, event_id, type, stream_id, global_position, reason, parked_at
       from ${this.schema}.relay_parked where relay = $1 order by parked_at desc limit 1`,
      [relay],
    );
    const row = rows[0];
    if (!row?.event_id) return { count: 0, last: null };
    return {
      count: Number(row.count),
      last: {
        eventId: row.event_id,
        type: row.type,
        streamId: row.stream_id,
        globalPosition: row.global_position,
        reason: row.reason,
        parkedAt: row.parked_at.toISOString(),
      },
    };
  }

  async lead(relay: string, signal: AbortSignal): Promise<RelayLease | null> {
    await this.migrate();
    const key = `relay:${this.schema}:${relay}`;
    const client = await this.pool.connect();
    let lost = false;
    // pg-pool stops listening for errors on a checked-out client; an idle lock connection that
    // dies (server restart, terminated session) must not become an uncaught exception.
    const onError = (error: Error) => {
      lost = true;
      this.logger.warn(`leader connection of relay ${relay} lost: ${error.message}`);
    };
    client.on('error', onError);
    const giveBack = (destroy: boolean) => {
      client.off('error', onError);
      client.release(destroy);
    };
    try {
      while (!signal.aborted) {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
          [key],
        );
        if (rows[0]!.locked) return this.lease(relay, key, client, () => lost, giveBack);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      giveBack(false);
      return null;
    } catch (error) {
      giveBack(true);
      throw error;
    }
  }

  private lease(
    relay: string,
    key: string,
    client: PoolClient,
    isLost: () => boolean,
    giveBack: (destroy: boolean) => void,
  ): RelayLease {
    return {
      save: async (position) => {
        if (isLost()) throw new Error(`relay ${relay} lost its leadership`);
        await client.query(
          `insert into ${this.schema}.relay_checkpoints (relay, position) values ($1, $2)
           on conflict (relay) do update set position = excluded.position, updated_at = now()`,
          [relay, position],
        );
      },
      park: async (event) => {
        if (isLost()) throw new Error(`relay ${relay} lost its leadership`);
        await client.query(
          `insert into ${this.schema}.relay_parked (relay, event_id, type, stream_id, global_position, reason)
           values ($1, $2, $3, $4, $5, $6) on conflict (relay, event_id) do nothing`,
          [relay, event.eventId, event.type, event.streamId, event.globalPosition, event.reason],
        );
      },
      release: async () => {
        const unlocked = await client
          .query('select pg_advisory_unlock(hashtextextended($1, 0))', [key])
          .then(() => true)
          .catch(() => false);
        // A connection whose unlock failed may still hold the lock: close it rather than pool it.
        giveBack(!unlocked);
      },
    };
  }

  /** Creates the schema and tables once per process (also run ahead by a service's migrate-only mode). */
  migrate(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `create schema if not exists ${this.schema};
         create table if not exists ${this.schema}.relay_checkpoints (
           relay text primary key, position text not null, updated_at timestamptz not null default now());
         create table if not exists ${this.schema}.relay_parked (
           relay text not null, event_id uuid not null, type text not null, stream_id text not null,
           global_position text not null, reason text not null, parked_at timestamptz not null default now(),
           primary key (relay, event_id))`,
      )
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

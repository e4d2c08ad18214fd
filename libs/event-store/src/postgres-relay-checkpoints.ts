import { Logger } from '@nestjs/common';
import type { RelayCheckpoints, RelayLease } from '@pk/messaging';
import { Pool, PoolClient } from 'pg';

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

  private migrate(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `create schema if not exists ${this.schema};
         create table if not exists ${this.schema}.relay_checkpoints (
           relay text primary key, position text not null, updated_at timestamptz not null default now())`,
      )
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

import type { RelayCheckpoints } from '@pk/messaging';
import { Pool } from 'pg';

/**
 * Relay checkpoints in the service's own PostgreSQL schema, beside its events; leadership by a
 * session advisory lock, so of several replicas exactly one relays and another takes over when
 * its connection dies.
 */
export class PostgresRelayCheckpoints implements RelayCheckpoints {
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

  async save(relay: string, position: string): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into ${this.schema}.relay_checkpoints (relay, position) values ($1, $2)
       on conflict (relay) do update set position = excluded.position, updated_at = now()`,
      [relay, position],
    );
  }

  async lead(relay: string): Promise<{ release(): Promise<void> }> {
    const client = await this.pool.connect();
    const key = `relay:${this.schema}:${relay}`;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
        [key],
      );
      if (rows[0]!.locked) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    return {
      release: async () => {
        await client
          .query('select pg_advisory_unlock(hashtextextended($1, 0))', [key])
          .catch(() => undefined);
        client.release();
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

import type { DomainCommand, FiredCommand, Schedule, ScheduledCommand } from '@pk/kernel';
import type { Pool } from 'pg';

interface Row {
  id: string;
  due_at: Date;
  aggregate: string;
  stream_id: string;
  command: DomainCommand;
  context: ScheduledCommand['context'];
}

/**
 * Scheduled commands in the service's own PostgreSQL schema, beside its events: they survive any
 * restart, and fired ones stay as a record (when, decided or refused, why).
 */
export class PostgresSchedule implements Schedule {
  private ready: Promise<void> | undefined;
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.table = `${schema}.scheduled_commands`;
  }

  async add(entry: ScheduledCommand): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into ${this.table} (id, due_at, aggregate, stream_id, command, context)
       values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
      [
        entry.id,
        entry.dueAt,
        entry.aggregate,
        entry.streamId,
        JSON.stringify(entry.command),
        JSON.stringify(entry.context),
      ],
    );
  }

  async due(now: Date, limit: number): Promise<ScheduledCommand[]> {
    await this.migrate();
    const { rows } = await this.pool.query<Row>(
      `select id, due_at, aggregate, stream_id, command, context from ${this.table}
       where fired_at is null and due_at <= $1 order by due_at, id limit $2`,
      [now, limit],
    );
    return rows.map(entryOf);
  }

  async fired(entry: FiredCommand): Promise<void> {
    await this.migrate();
    await this.pool.query(`update ${this.table} set fired_at = $2, outcome = $3, note = $4 where id = $1`, [
      entry.id,
      entry.firedAt,
      entry.outcome,
      entry.note,
    ]);
  }

  async dueCounts(now: Date, overdueBefore: Date): Promise<{ due: number; overdue: number }> {
    await this.migrate();
    // over the partial index of unfired commands by due time
    const { rows } = await this.pool.query<{ due: number; overdue: number }>(
      `select count(*)::int as due, (count(*) filter (where due_at <= $2))::int as overdue
       from ${this.table} where fired_at is null and due_at <= $1`,
      [now, overdueBefore],
    );
    return { due: rows[0]?.due ?? 0, overdue: rows[0]?.overdue ?? 0 };
  }

  async pending(): Promise<ScheduledCommand[]> {
    await this.migrate();
    const { rows } = await this.pool.query<Row>(
      `select id, due_at, aggregate, stream_id, command, context from ${this.table}
       where fired_at is null order by due_at, id`,
    );
    return rows.map(entryOf);
  }

  /** Creates the table once per process (also run ahead by a service's migrate-only mode). */
  migrate(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `create schema if not exists ${this.schema};
         create table if not exists ${this.table} (
           id uuid primary key, due_at timestamptz not null, aggregate text not null, stream_id text not null,
           command jsonb not null, context jsonb not null, scheduled_at timestamptz not null default now(),
           fired_at timestamptz, outcome text, note text);
         create index if not exists scheduled_commands_due on ${this.table} (due_at) where fired_at is null`,
      )
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

function entryOf(row: Row): ScheduledCommand {
  return {
    id: row.id,
    dueAt: row.due_at,
    aggregate: row.aggregate,
    streamId: row.stream_id,
    command: row.command,
    context: row.context,
  };
}

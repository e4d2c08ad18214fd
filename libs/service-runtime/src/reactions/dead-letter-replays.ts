import type { Actor } from '@pk/contracts';
import type { DeadLetterReplay } from '@pk/kernel';
import type { Pool } from 'pg';

/** A replay of dead letters as recorded: who asked, when, and what it did. */
export interface RecordedReplay extends DeadLetterReplay {
  readonly replayId: string;
  readonly requestedBy: Actor;
}

/**
 * Where replays of dead letters are recorded for audit. A table beside the event store rather than
 * an event: a replay is an operation on delivery, not a fact of the domain; the facts it causes
 * (the events of the reactions it re-delivered) are events already, with the replayed event as cause.
 */
export abstract class DeadLetterReplays {
  abstract record(replay: RecordedReplay): Promise<void>;
  /** The latest first. */
  abstract list(limit: number): Promise<RecordedReplay[]>;
}

export class InMemoryDeadLetterReplays extends DeadLetterReplays {
  private readonly replays = new Map<string, RecordedReplay>();

  async record(replay: RecordedReplay): Promise<void> {
    this.replays.set(replay.replayId, structuredClone(replay));
  }

  async list(limit: number): Promise<RecordedReplay[]> {
    return [...this.replays.values()].reverse().slice(0, limit);
  }
}

/** `<context>.dead_letter_replays`: a row per replay, updated as it goes. */
export class PostgresDeadLetterReplays extends DeadLetterReplays {
  private ready: Promise<unknown> | undefined;
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    super();
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.table = `${schema}.dead_letter_replays`;
  }

  async record(replay: RecordedReplay): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into ${this.table} (replay_id, group_id, requested_by, started_at, replay)
       values ($1, $2, $3, $4, $5)
       on conflict (replay_id) do update set replay = excluded.replay`,
      [
        replay.replayId,
        replay.groupId,
        JSON.stringify(replay.requestedBy),
        replay.startedAt,
        JSON.stringify(replay),
      ],
    );
  }

  async list(limit: number): Promise<RecordedReplay[]> {
    await this.migrate();
    const { rows } = await this.pool.query<{ replay: RecordedReplay }>(
      `select replay from ${this.table} order by started_at desc limit $1`,
      [limit],
    );
    return rows.map((row) => row.replay);
  }

  /** Creates the table once per process (also run ahead by a service's migrate-only mode). */
  migrate(): Promise<unknown> {
    this.ready ??= this.pool
      .query(
        `create schema if not exists ${this.schema};
         create table if not exists ${this.table} (
           replay_id uuid primary key, group_id text not null, requested_by jsonb not null,
           started_at timestamptz not null, replay jsonb not null)`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

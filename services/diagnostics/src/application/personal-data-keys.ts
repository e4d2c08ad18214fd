import { randomBytes } from 'node:crypto';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { KEY_BYTES } from './personal-data-cipher';

/** Keys made or read in one round trip of a bulk request. */
const KEYS_PER_QUERY = 1_000;

/** A teacher's key: its bytes, or the fact that it was destroyed (the teacher was erased). */
export type TeacherKey = { readonly key: Buffer } | { readonly destroyed: true };

/**
 * Where each teacher's personal-data key lives, apart from the events (crypto-shredding): the events
 * hold only seals, and destroying a key makes every seal of that teacher unreadable for ever, in the
 * store, its backups and any copy, while the history still replays.
 */
export abstract class PersonalDataKeys {
  /** The teacher's key, made on first use; destroyed stays destroyed. */
  abstract keyFor(teacherId: string): Promise<TeacherKey>;
  /**
   * The keys of many teachers at once, made on first use: a bulk import asks for a file's keys in a
   * few round trips instead of one (and a commit) per row.
   */
  abstract keysFor(teacherIds: readonly string[]): Promise<Map<string, TeacherKey>>;
  /** The teacher's key if one was ever made; undefined otherwise. */
  abstract find(teacherId: string): Promise<TeacherKey | undefined>;
  /** Destroys the teacher's key (idempotent; a teacher without a key gets a destroyed one). */
  abstract destroy(teacherId: string): Promise<void>;
}

/** For specs: keys last as long as the process. */
export class InMemoryPersonalDataKeys extends PersonalDataKeys {
  private readonly keys = new Map<string, Buffer | null>();

  async keyFor(teacherId: string): Promise<TeacherKey> {
    if (!this.keys.has(teacherId)) this.keys.set(teacherId, randomBytes(KEY_BYTES));
    return this.asKey(this.keys.get(teacherId)!);
  }

  async keysFor(teacherIds: readonly string[]): Promise<Map<string, TeacherKey>> {
    const keys = new Map<string, TeacherKey>();
    for (const teacherId of teacherIds) keys.set(teacherId, await this.keyFor(teacherId));
    return keys;
  }

  async find(teacherId: string): Promise<TeacherKey | undefined> {
    return this.keys.has(teacherId) ? this.asKey(this.keys.get(teacherId)!) : undefined;
  }

  async destroy(teacherId: string): Promise<void> {
    this.keys.get(teacherId)?.fill(0);
    this.keys.set(teacherId, null);
  }

  private asKey(key: Buffer | null): TeacherKey {
    return key === null ? { destroyed: true } : { key: Buffer.from(key) };
  }
}

/**
 * Keys in `diagnostics.teacher_keys`, beside the event store but never in it: destroying one is an
 * UPDATE to NULL, which an append-only log could not do. A pool of its own, small.
 */
export class PostgresPersonalDataKeys
  extends PersonalDataKeys
  implements OnModuleInit, OnApplicationShutdown
{
  private ready: Promise<unknown> | undefined;

  constructor(private readonly pool: Pool) {
    super();
    pool.on('error', (error) => new Logger('teacher-keys').warn(`idle connection lost: ${error.message}`));
  }

  /** The table is made at start, so the first import does not race for it. */
  async onModuleInit(): Promise<void> {
    await this.migrate();
  }

  async keyFor(teacherId: string): Promise<TeacherKey> {
    await this.migrate();
    // Insert-or-read in one statement; a concurrent first use of the same teacher can leave both
    // halves empty (the other insert committed after this statement's snapshot): read again.
    for (let attempt = 1; ; attempt++) {
      const { rows } = await this.pool.query<{ key: Buffer | null }>(
        `with made as (
           insert into diagnostics.teacher_keys (teacher_id, key, created_at)
           values ($1, $2, now())
           on conflict (teacher_id) do nothing
           returning key
         )
         select key from made
         union all
         select key from diagnostics.teacher_keys where teacher_id = $1`,
        [teacherId, randomBytes(KEY_BYTES)],
      );
      if (rows[0] !== undefined) return rows[0].key === null ? { destroyed: true } : { key: rows[0].key };
      if (attempt >= 3) throw new Error(`the key of teacher ${teacherId} could be neither made nor read`);
    }
  }

  async keysFor(teacherIds: readonly string[]): Promise<Map<string, TeacherKey>> {
    await this.migrate();
    const keys = new Map<string, TeacherKey>();
    for (let from = 0; from < teacherIds.length; from += KEYS_PER_QUERY) {
      const ids = [...new Set(teacherIds.slice(from, from + KEYS_PER_QUERY))];
      await this.pool.query(
        `insert into diagnostics.teacher_keys (teacher_id, key, created_at)
         select id, key, now() from unnest($1::uuid[], $2::bytea[]) as made(id, key)
         on conflict (teacher_id) do nothing`,
        [ids, ids.map(() => randomBytes(KEY_BYTES))],
      );
      const { rows } = await this.pool.query<{ teacher_id: string; key: Buffer | null }>(
        'select teacher_id, key from diagnostics.teacher_keys where teacher_id = any($1::uuid[])',
        [ids],
      );
      for (const row of rows)
        keys.set(row.teacher_id, row.key === null ? { destroyed: true } : { key: row.key });
    }
    return keys;
  }

  async find(teacherId: string): Promise<TeacherKey | undefined> {
    await this.migrate();
    const { rows } = await this.pool.query<{ key: Buffer | null }>(
      'select key from diagnostics.teacher_keys where teacher_id = $1',
      [teacherId],
    );
    const row = rows[0];
    return row === undefined ? undefined : row.key === null ? { destroyed: true } : { key: row.key };
  }

  async destroy(teacherId: string): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into diagnostics.teacher_keys (teacher_id, key, created_at, destroyed_at)
       values ($1, null, now(), now())
       on conflict (teacher_id) do update
         set key = null, destroyed_at = coalesce(diagnostics.teacher_keys.destroyed_at, now())`,
      [teacherId],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private migrate() {
    // Concurrent `create … if not exists` can still collide in the system catalog; the lock
    // serialises replicas. One query string runs as one transaction, which releases the lock.
    this.ready ??= this.pool
      .query(
        `select pg_advisory_xact_lock(hashtextextended('migrate:diagnostics.teacher_keys', 0));
         create schema if not exists diagnostics;
         create table if not exists diagnostics.teacher_keys (
           teacher_id uuid primary key,
           key bytea,
           created_at timestamptz not null,
           destroyed_at timestamptz,
           check ((key is null) = (destroyed_at is not null))
         );`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

import { randomBytes } from 'node:crypto';
import { Logger, type OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { KeyEncryptionKeyMissing, type KeyEncryptionKeys } from './key-encryption-keys';
import { KEY_BYTES } from './personal-data-cipher';

/** Keys made or read in one round trip of a bulk request. */
const KEYS_PER_QUERY = 1_000;

/** A teacher's key: its bytes, or the fact that it was destroyed (the teacher was erased). */
export type TeacherKey = { readonly key: Buffer } | { readonly destroyed: true };

/**
 * Where each teacher's personal-data key lives, apart from the events (crypto-shredding): the events
 * hold only seals, and destroying a key makes every seal of that teacher unreadable for ever, in the
 * store, its backups and any copy, while the history still replays. The key must be gone from every
 * copy of wherever it was kept too: see PostgresPersonalDataKeys.
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

/** How many KEKs the teachers' keys are spread over: an erasure re-wraps one bucket's keys. */
export const KEY_BUCKETS = 256;

/** A teacher's bucket: the first byte of its id (an HMAC output, so the buckets fill evenly). */
export function keyBucketOf(teacherId: string): number {
  const bucket = Number.parseInt(teacherId.slice(0, 2), 16);
  if (!Number.isInteger(bucket)) throw new Error(`a teacher id is a UUID, got ${teacherId}`);
  return bucket;
}

/** The KEK that wraps a bucket's keys in one of its generations (a new one after each erasure). */
export const kekIdOf = (bucket: number, generation: number) => `personal-data-${bucket}-${generation}`;

interface KeyRow {
  readonly teacher_id: string;
  readonly bucket: number;
  readonly generation: number | null;
  readonly wrapped_key: Buffer | null;
}

/**
 * Keys in PostgreSQL beside the event store, never in it and never in the clear: each is wrapped
 * under a key-encryption key (KEK) that only the KEK store (a KMS in production, a folder locally)
 * holds. Nulling a row would not erase anything by itself: the old row version stays in the table's
 * file until vacuum reuses the space, in the WAL until it is recycled, and in base backups and WAL
 * archives for as long as they are kept — an UPDATE leaves a copy wherever PostgreSQL writes.
 * So what erasure destroys is the KEK that wrapped the key, and every copy the database ever held
 * becomes unreadable at once.
 *
 * One KEK per teacher would make the KEK store as large as the register. Instead the teachers are
 * spread over KEY_BUCKETS buckets, each with a KEK of its current generation; erasing a teacher
 * re-wraps the other keys of its bucket under a new KEK, nulls the teacher's row, moves the bucket
 * to the new generation in one transaction, and then destroys the bucket's old KEKs. Every copy of
 * the erased key, and the old copies of its neighbours' keys, are wrapped under KEKs that no longer
 * exist; the neighbours' current copies are under the new one. An erasure costs one bucket's
 * re-wrap (1/256 of the teachers) and holds, against the database's files and backups, from the
 * moment it answers (services/diagnostics/README.md: the bound, and what to do about KEK backups).
 *
 * Concurrency: an erasure holds its bucket row FOR UPDATE while it re-wraps; making keys takes the
 * rows of its buckets FOR SHARE, so a key is never made under a generation being retired. Reads take
 * no lock: should an erasure destroy the KEK between a read and its unwrapping, they read again
 * (the rows then name the new generation).
 * A crash between the commit and the KEKs' destruction leaves an old KEK behind, which the next
 * erasure in the bucket or the next start destroys (both destroy every generation below the current).
 */
export class PostgresPersonalDataKeys extends PersonalDataKeys implements OnModuleInit {
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly keks: KeyEncryptionKeys,
  ) {
    super();
  }

  /** The tables and the buckets' first KEKs are made at start, so the first import does not race for them. */
  async onModuleInit(): Promise<void> {
    await this.migrate();
    await this.destroyRetiredKeks();
  }

  async keyFor(teacherId: string): Promise<TeacherKey> {
    return (await this.keysFor([teacherId])).get(teacherId.toLowerCase())!;
  }

  async keysFor(teacherIds: readonly string[]): Promise<Map<string, TeacherKey>> {
    await this.migrate();
    const keys = new Map<string, TeacherKey>();
    for (let from = 0; from < teacherIds.length; from += KEYS_PER_QUERY) {
      const ids = [...new Set(teacherIds.slice(from, from + KEYS_PER_QUERY).map((id) => id.toLowerCase()))];
      let found = await this.read(ids);
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        const made = await this.make(missing);
        const lost = missing.filter((id) => !made.has(id)); // made meanwhile by another request
        found = new Map([...found, ...made, ...(lost.length > 0 ? await this.read(lost) : [])]);
      }
      for (const [teacherId, key] of found) keys.set(teacherId, key);
    }
    return keys;
  }

  async find(teacherId: string): Promise<TeacherKey | undefined> {
    await this.migrate();
    return (await this.read([teacherId.toLowerCase()])).get(teacherId.toLowerCase());
  }

  async destroy(teacherId: string): Promise<void> {
    await this.migrate();
    const id = teacherId.toLowerCase();
    const bucket = keyBucketOf(id);
    await this.inTransaction(async (client) => {
      const { rows: buckets } = await client.query<{ generation: number }>(
        'select generation from diagnostics.teacher_key_buckets where bucket = $1 for update',
        [bucket],
      );
      const current = buckets[0]!.generation;
      const { rows } = await client.query<KeyRow>(
        'select wrapped_key from diagnostics.teacher_wrapped_keys where teacher_id = $1',
        [id],
      );
      if (rows[0] === undefined) {
        // never had a key: none to destroy, and none may be made after the erasure
        await client.query(
          `insert into diagnostics.teacher_wrapped_keys (teacher_id, bucket, created_at, destroyed_at)
           values ($1, $2, now(), now())`,
          [id, bucket],
        );
        return;
      }
      if (rows[0].wrapped_key === null) return; // destroyed already; the KEKs follow below
      const next = current + 1;
      await this.keks.create(kekIdOf(bucket, next));
      const { rows: others } = await client.query<KeyRow>(
        `select teacher_id, bucket, generation, wrapped_key from diagnostics.teacher_wrapped_keys
          where bucket = $1 and wrapped_key is not null and teacher_id <> $2`,
        [bucket, id],
      );
      const keys = await this.unwrapped(others);
      const ids = others.map((row) => row.teacher_id);
      const rewrapped = await this.keks.wrap(
        kekIdOf(bucket, next),
        ids.map((teacherId) => ({ bytes: (keys.get(teacherId) as { key: Buffer }).key, context: teacherId })),
      );
      await client.query(
        `update diagnostics.teacher_wrapped_keys as k set wrapped_key = r.wrapped_key, generation = $3
           from unnest($1::uuid[], $2::bytea[]) as r(teacher_id, wrapped_key)
          where k.teacher_id = r.teacher_id`,
        [ids, rewrapped, next],
      );
      await client.query(
        `update diagnostics.teacher_wrapped_keys
            set wrapped_key = null, generation = null, destroyed_at = now()
          where teacher_id = $1`,
        [id],
      );
      await client.query('update diagnostics.teacher_key_buckets set generation = $2 where bucket = $1', [
        bucket,
        next,
      ]);
    });
    await this.destroyRetiredKeks(bucket);
  }

  /** The keys of these teachers that exist (destroyed ones too), unwrapped. */
  private async read(ids: readonly string[]): Promise<Map<string, TeacherKey>> {
    const missing = new Set<string>();
    for (;;) {
      const { rows } = await this.pool.query<KeyRow>(
        `select teacher_id, bucket, generation, wrapped_key from diagnostics.teacher_wrapped_keys
          where teacher_id = any($1::uuid[])`,
        [ids],
      );
      try {
        return await this.unwrapped(rows);
      } catch (error) {
        if (!(error instanceof KeyEncryptionKeyMissing) || missing.has(error.kekId)) throw error;
        // An erasure in the bucket re-wrapped the keys and destroyed this KEK since the read: read
        // again, as often as the rows move on; a KEK missing twice is missing for good.
        missing.add(error.kekId);
      }
    }
  }

  private async unwrapped(rows: readonly KeyRow[]): Promise<Map<string, TeacherKey>> {
    const keys = new Map<string, TeacherKey>();
    const byKek = new Map<string, KeyRow[]>();
    for (const row of rows) {
      if (row.wrapped_key === null) keys.set(row.teacher_id, { destroyed: true });
      else {
        const kekId = kekIdOf(row.bucket, row.generation!);
        const group = byKek.get(kekId);
        if (group === undefined) byKek.set(kekId, [row]);
        else group.push(row);
      }
    }
    for (const [kekId, group] of byKek) {
      const unwrapped = await this.keks.unwrap(
        kekId,
        group.map((row) => ({ bytes: row.wrapped_key!, context: row.teacher_id })),
      );
      group.forEach((row, index) => keys.set(row.teacher_id, { key: unwrapped[index]! }));
    }
    return keys;
  }

  /**
   * New keys for these teachers, wrapped under their buckets' current KEKs; answers those it made
   * (a concurrent request may have made some first: theirs stay).
   */
  private async make(ids: readonly string[]): Promise<Map<string, TeacherKey>> {
    return this.inTransaction(async (client) => {
      const { rows: buckets } = await client.query<{ bucket: number; generation: number }>(
        `select bucket, generation from diagnostics.teacher_key_buckets
          where bucket = any($1::smallint[]) order by bucket for share`,
        [[...new Set(ids.map(keyBucketOf))]],
      );
      const made: { id: string; key: Buffer; bucket: number; generation: number; wrapped: Buffer }[] = [];
      for (const { bucket, generation } of buckets) {
        const group = ids
          .filter((id) => keyBucketOf(id) === bucket)
          .map((id) => ({ id, key: randomBytes(KEY_BYTES) }));
        const wrapped = await this.keks.wrap(
          kekIdOf(bucket, generation),
          group.map(({ id, key }) => ({ bytes: key, context: id })),
        );
        group.forEach(({ id, key }, index) =>
          made.push({ id, key, bucket, generation, wrapped: wrapped[index]! }),
        );
      }
      const { rows: inserted } = await client.query<{ teacher_id: string }>(
        `insert into diagnostics.teacher_wrapped_keys (teacher_id, bucket, generation, wrapped_key, created_at)
         select teacher_id, bucket, generation, wrapped_key, now()
           from unnest($1::uuid[], $2::smallint[], $3::int[], $4::bytea[]) as made(teacher_id, bucket, generation, wrapped_key)
         on conflict (teacher_id) do nothing
         returning teacher_id`,
        [
          made.map((m) => m.id),
          made.map((m) => m.bucket),
          made.map((m) => m.generation),
          made.map((m) => m.wrapped),
        ],
      );
      const keyOf = new Map(made.map(({ id, key }) => [id, key]));
      return new Map(inserted.map(({ teacher_id }) => [teacher_id, { key: keyOf.get(teacher_id)! }]));
    });
  }

  /** Destroys every KEK below its bucket's current generation (idempotent; all buckets, or one). */
  private async destroyRetiredKeks(bucket?: number): Promise<void> {
    const { rows } = await this.pool.query<{ bucket: number; generation: number }>(
      'select bucket, generation from diagnostics.teacher_key_buckets where $1::smallint is null or bucket = $1',
      [bucket ?? null],
    );
    for (const { bucket, generation } of rows) {
      for (let retired = 0; retired < generation; retired++)
        await this.keks.destroy(kekIdOf(bucket, retired));
    }
  }

  private migrate() {
    // Concurrent `create … if not exists` can still collide in the system catalog, and two replicas
    // must not both make a bucket's first KEK: the lock serialises them, released at commit.
    this.ready ??= this.inTransaction(async (client) => {
      await client.query(
        `select pg_advisory_xact_lock(hashtextextended('migrate:diagnostics.teacher_wrapped_keys', 0));
         create schema if not exists diagnostics;
         create table if not exists diagnostics.teacher_key_buckets (
           bucket smallint primary key,
           generation integer not null
         );
         create table if not exists diagnostics.teacher_wrapped_keys (
           teacher_id uuid primary key,
           bucket smallint not null,
           generation integer,
           wrapped_key bytea,
           created_at timestamptz not null,
           destroyed_at timestamptz,
           check ((wrapped_key is null) = (destroyed_at is not null)),
           check ((wrapped_key is null) = (generation is null))
         );
         create index if not exists teacher_wrapped_keys_live_by_bucket
           on diagnostics.teacher_wrapped_keys (bucket) where wrapped_key is not null;`,
      );
      const { rows } = await client.query<{ bucket: number }>(
        'select bucket from diagnostics.teacher_key_buckets',
      );
      const known = new Set(rows.map((row) => row.bucket));
      const missing = Array.from({ length: KEY_BUCKETS }, (_, bucket) => bucket).filter((b) => !known.has(b));
      for (const bucket of missing) await this.keks.create(kekIdOf(bucket, 0));
      await client.query(
        `insert into diagnostics.teacher_key_buckets (bucket, generation)
         select bucket, 0 from unnest($1::smallint[]) as missing(bucket)`,
        [missing],
      );
      await this.wrapKeysKeptInTheClear(client);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Before KEKs, keys were kept in the clear in `diagnostics.teacher_keys`: they are wrapped into
   * the new table and the old one is dropped (its files are unlinked). Their clear copies still lie
   * in the WAL until it is recycled and in the backups made before; the README says what to do.
   */
  private async wrapKeysKeptInTheClear(client: PoolClient): Promise<void> {
    const { rows: exists } = await client.query<{ old: boolean }>(
      `select to_regclass('diagnostics.teacher_keys') is not null as old`,
    );
    if (!exists[0]!.old) return;
    const { rows } = await client.query<{ teacher_id: string; key: Buffer | null }>(
      'select teacher_id, key from diagnostics.teacher_keys',
    );
    const { rows: buckets } = await client.query<{ bucket: number; generation: number }>(
      'select bucket, generation from diagnostics.teacher_key_buckets',
    );
    const wrapped: { id: string; bucket: number; generation: number; wrapped: Buffer }[] = [];
    for (const { bucket, generation } of buckets) {
      const live = rows.filter((row) => row.key !== null && keyBucketOf(row.teacher_id) === bucket);
      if (live.length === 0) continue;
      const under = await this.keks.wrap(
        kekIdOf(bucket, generation),
        live.map((row) => ({ bytes: row.key!, context: row.teacher_id })),
      );
      live.forEach((row, index) =>
        wrapped.push({ id: row.teacher_id, bucket, generation, wrapped: under[index]! }),
      );
    }
    const destroyed = rows.filter((row) => row.key === null).map((row) => row.teacher_id);
    await client.query(
      `insert into diagnostics.teacher_wrapped_keys (teacher_id, bucket, generation, wrapped_key, created_at)
       select teacher_id, bucket, generation, wrapped_key, now()
         from unnest($1::uuid[], $2::smallint[], $3::int[], $4::bytea[]) as kept(teacher_id, bucket, generation, wrapped_key)
       on conflict (teacher_id) do nothing`,
      [
        wrapped.map((w) => w.id),
        wrapped.map((w) => w.bucket),
        wrapped.map((w) => w.generation),
        wrapped.map((w) => w.wrapped),
      ],
    );
    await client.query(
      `insert into diagnostics.teacher_wrapped_keys (teacher_id, bucket, created_at, destroyed_at)
       select teacher_id, bucket, now(), now() from unnest($1::uuid[], $2::smallint[]) as erased(teacher_id, bucket)
       on conflict (teacher_id) do nothing`,
      [destroyed, destroyed.map(keyBucketOf)],
    );
    await client.query('drop table diagnostics.teacher_keys');
    new Logger('teacher-keys').log(
      `${wrapped.length} keys kept in the clear in diagnostics.teacher_keys are wrapped now, and the table is dropped`,
    );
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackFailed: Error) => {
        broken = rollbackFailed; // the connection is not fit for the pool
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

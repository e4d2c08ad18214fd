import type { Actor } from '@pk/contracts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { ContextDatabase } from '../side-stores';
import type { CsvEncoding, CsvSeparator } from './csv';

/** One reason a row was not imported: where (line and column of the file) and why, in Russian. */
export interface Rejection {
  readonly line: number;
  /** The column at fault; null when the row as a whole is (a duplicate, a refused rule). */
  readonly column: string | null;
  readonly reason: string;
  /** The same, ready to read: «строка 17, столбец inn: ИНН "12345" должен состоять из 10 цифр». */
  readonly message: string;
}

/**
 * A row the import took (registered, updated or unchanged): its line and the id of the entry it
 * names, so a client can act on that entry (update it, erase it) without sending the row again.
 * Ids only: they are not personal data where the entry is a person (a teacher's id is a keyed
 * pseudonym), and the report is read by more people than the file may be.
 */
export interface Accepted {
  readonly line: number;
  readonly id: string;
}

/** Counts of what the rows did. */
export interface ImportCounts {
  readonly processed: number;
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows not imported (a row may have several rejections). */
  readonly rejected: number;
}

/**
 * An import's progress while it runs, and its report when it has ended. "interrupted": it stopped
 * before its end (`interruption` says why); importing the same file again finishes it, rows already
 * imported coming out unchanged.
 */
export interface ImportReport extends ImportCounts {
  readonly importId: string;
  /** What the file holds: "organizations", "teachers"… */
  readonly kind: string;
  readonly region: string;
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly startedBy: Actor;
  readonly startedAt: string;
  /** The last time the import saved its progress: a running import saves it every second. */
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly encoding: CsvEncoding;
  readonly separator: CsvSeparator;
  readonly totalRows: number;
  /** The first rejections in line order (at most REJECTIONS_IN_REPORT); all of them are paged apart. */
  readonly rejections: readonly Rejection[];
  readonly interruption: string | null;
  /** Whether the service keeps the file to resume the import after a restart (never with personal data). */
  readonly resumable: boolean;
  /**
   * Where a resumed import goes on: every row up to `doneThrough` (a line of the file) is done, and
   * `done` counts those rows alone (rows after it that finished before a stop run again).
   */
  readonly checkpoint: { readonly doneThrough: number; readonly done: ImportCounts };
}

/** Bytes of a kept file per row of import_files. */
const FILE_PART = 1024 * 1024;

/** Rejections kept in the report itself; the rest are read page by page. */
export const REJECTIONS_IN_REPORT = 100;

/**
 * Where a service's imports outlive the process: reports (a document rewritten as rows are
 * processed, read whole by id — state, not domain history; the facts that matter are events already,
 * carrying the import id as their causation id), every rejection, and the file while an import that
 * may be resumed runs.
 */
export abstract class ImportStore {
  abstract save(report: ImportReport): Promise<void>;
  /**
   * Saves the report only if the stored one was last saved at `seen` (its `updatedAt`): how one
   * replica takes over an import whose owner stopped, and no two replicas both do.
   */
  abstract takeOver(report: ImportReport, seen: string): Promise<boolean>;
  abstract find(importId: string): Promise<ImportReport | undefined>;
  /** Reports of imports still marked running (of a kind and region, or all). */
  abstract running(of?: { kind: string; region: string }): Promise<ImportReport[]>;
  /** Idempotent: a rejection of the same line and place again is kept once. */
  abstract reject(importId: string, rejections: readonly Rejection[]): Promise<void>;
  /** Rejections after a line, in line order. */
  abstract rejections(importId: string, afterLine: number, limit: number): Promise<Rejection[]>;
  /** Idempotent: the same line again keeps one entry. */
  abstract accept(importId: string, accepted: readonly Accepted[]): Promise<void>;
  /** Accepted rows after a line, in line order. */
  abstract accepted(importId: string, afterLine: number, limit: number): Promise<Accepted[]>;
  abstract keepFile(importId: string, bytes: Buffer): Promise<void>;
  abstract file(importId: string): Promise<Buffer | undefined>;
  abstract dropFile(importId: string): Promise<void>;
}

type StoredRejection = Rejection & { readonly seq: number };
const rejectionKey = (r: Rejection, seq: number) => `${r.line}/${seq}`;

/** Numbers each row's rejections, so storing them again keeps them once. */
function numbered(rejections: readonly Rejection[]): StoredRejection[] {
  const seen = new Map<number, number>();
  return rejections.map((rejection) => {
    const seq = seen.get(rejection.line) ?? 0;
    seen.set(rejection.line, seq + 1);
    return { ...rejection, seq };
  });
}

/** For specs on the in-memory kit: imports last as long as the process. */
export class InMemoryImportStore extends ImportStore {
  private readonly reports = new Map<string, ImportReport>();
  private readonly rejected = new Map<string, Map<string, StoredRejection>>();
  private readonly taken = new Map<string, Map<number, string>>();
  private readonly files = new Map<string, Buffer>();

  async save(report: ImportReport): Promise<void> {
    this.reports.set(report.importId, structuredClone(report));
  }

  async takeOver(report: ImportReport, seen: string): Promise<boolean> {
    if (this.reports.get(report.importId)?.updatedAt !== seen) return false;
    await this.save(report);
    return true;
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    const report = this.reports.get(importId);
    return report && structuredClone(report);
  }

  async running(of?: { kind: string; region: string }): Promise<ImportReport[]> {
    return [...this.reports.values()].filter(
      (r) => r.status === 'running' && (!of || (r.kind === of.kind && r.region === of.region)),
    );
  }

  async reject(importId: string, rejections: readonly Rejection[]): Promise<void> {
    const kept = this.rejected.get(importId) ?? new Map<string, StoredRejection>();
    for (const r of numbered(rejections))
      if (!kept.has(rejectionKey(r, r.seq))) kept.set(rejectionKey(r, r.seq), r);
    this.rejected.set(importId, kept);
  }

  async rejections(importId: string, afterLine: number, limit: number): Promise<Rejection[]> {
    return [...(this.rejected.get(importId)?.values() ?? [])]
      .filter((r) => r.line > afterLine)
      .sort((a, b) => a.line - b.line || a.seq - b.seq)
      .slice(0, limit)
      .map(({ seq: _, ...r }) => r);
  }

  async accept(importId: string, accepted: readonly Accepted[]): Promise<void> {
    const kept = this.taken.get(importId) ?? new Map<number, string>();
    for (const { line, id } of accepted) kept.set(line, id);
    this.taken.set(importId, kept);
  }

  async accepted(importId: string, afterLine: number, limit: number): Promise<Accepted[]> {
    return [...(this.taken.get(importId) ?? new Map<number, string>())]
      .filter(([line]) => line > afterLine)
      .sort(([a], [b]) => a - b)
      .slice(0, limit)
      .map(([line, id]) => ({ line, id }));
  }

  async keepFile(importId: string, bytes: Buffer): Promise<void> {
    this.files.set(importId, Buffer.from(bytes));
  }

  async file(importId: string): Promise<Buffer | undefined> {
    return this.files.get(importId);
  }

  async dropFile(importId: string): Promise<void> {
    this.files.delete(importId);
  }
}

/** Tables in the context's schema, on the context's pool: import_reports, import_rejections, import_accepted, import_files. */
export class PostgresImportStore extends ImportStore {
  private ready: Promise<unknown> | undefined;
  private readonly pool: Pool;
  private readonly schema: string;

  constructor(database: ContextDatabase) {
    super();
    if (!/^[a-z_]+$/.test(database.schema)) throw new Error(`not a schema name: ${database.schema}`);
    this.pool = database.pool;
    this.schema = database.schema;
  }

  async save(report: ImportReport): Promise<void> {
    await this.query(
      `insert into ${this.schema}.import_reports (import_id, kind, region, status, report, updated_at)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (import_id) do update
         set status = excluded.status, report = excluded.report, updated_at = excluded.updated_at`,
      [report.importId, report.kind, report.region, report.status, JSON.stringify(report), report.updatedAt],
    );
  }

  async takeOver(report: ImportReport, seen: string): Promise<boolean> {
    const { rowCount } = await this.query(
      `update ${this.schema}.import_reports set status = $2, report = $3, updated_at = $4
        where import_id = $1 and report->>'updatedAt' = $5`,
      [report.importId, report.status, JSON.stringify(report), report.updatedAt, seen],
    );
    return rowCount === 1;
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    const { rows } = await this.query<{ report: ImportReport }>(
      `select report from ${this.schema}.import_reports where import_id = $1`,
      [importId],
    );
    return rows[0]?.report;
  }

  async running(of?: { kind: string; region: string }): Promise<ImportReport[]> {
    const { rows } = await this.query<{ report: ImportReport }>(
      of
        ? `select report from ${this.schema}.import_reports where status = 'running' and kind = $1 and region = $2`
        : `select report from ${this.schema}.import_reports where status = 'running'`,
      of ? [of.kind, of.region] : [],
    );
    return rows.map((row) => row.report);
  }

  async reject(importId: string, rejections: readonly Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    const rows = numbered(rejections);
    await this.query(
      `insert into ${this.schema}.import_rejections (import_id, line, seq, column_name, reason, message)
       select $1, * from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[])
       on conflict do nothing`,
      [
        importId,
        rows.map((r) => r.line),
        rows.map((r) => r.seq),
        rows.map((r) => r.column),
        rows.map((r) => r.reason),
        rows.map((r) => r.message),
      ],
    );
  }

  async rejections(importId: string, afterLine: number, limit: number): Promise<Rejection[]> {
    const { rows } = await this.query<{
      line: number;
      column_name: string | null;
      reason: string;
      message: string;
    }>(
      `select line, column_name, reason, message from ${this.schema}.import_rejections
        where import_id = $1 and line > $2 order by line, seq limit $3`,
      [importId, afterLine, limit],
    );
    return rows.map((r) => ({ line: r.line, column: r.column_name, reason: r.reason, message: r.message }));
  }

  async accept(importId: string, accepted: readonly Accepted[]): Promise<void> {
    if (accepted.length === 0) return;
    await this.query(
      `insert into ${this.schema}.import_accepted (import_id, line, entity_id)
       select $1, * from unnest($2::int[], $3::text[])
       on conflict (import_id, line) do update set entity_id = excluded.entity_id`,
      [importId, accepted.map((a) => a.line), accepted.map((a) => a.id)],
    );
  }

  async accepted(importId: string, afterLine: number, limit: number): Promise<Accepted[]> {
    const { rows } = await this.query<{ line: number; entity_id: string }>(
      `select line, entity_id from ${this.schema}.import_accepted
        where import_id = $1 and line > $2 order by line limit $3`,
      [importId, afterLine, limit],
    );
    return rows.map((r) => ({ line: r.line, id: r.entity_id }));
  }

  /**
   * In parts of a megabyte: the driver sends bytea as hex text, and a 20 MB file in one parameter
   * would be a 40 MB string built in one go, holding the event loop.
   */
  async keepFile(importId: string, bytes: Buffer): Promise<void> {
    for (let part = 0; part * FILE_PART < bytes.length; part++) {
      await this.query(
        `insert into ${this.schema}.import_files (import_id, part, bytes) values ($1, $2, $3) on conflict do nothing`,
        [importId, part, bytes.subarray(part * FILE_PART, (part + 1) * FILE_PART)],
      );
      await nextTurn();
    }
  }

  async file(importId: string): Promise<Buffer | undefined> {
    const { rows } = await this.query<{ bytes: Buffer }>(
      `select bytes from ${this.schema}.import_files where import_id = $1 order by part`,
      [importId],
    );
    return rows.length === 0 ? undefined : Buffer.concat(rows.map((row) => row.bytes));
  }

  async dropFile(importId: string): Promise<void> {
    await this.query(`delete from ${this.schema}.import_files where import_id = $1`, [importId]);
  }

  private async query<R extends object = object>(text: string, values: unknown[]) {
    await this.migrate();
    return this.pool.query<R>(text, values);
  }

  /** Creates the tables once per process (also run ahead by a service's migrate-only mode). */
  migrate() {
    // Concurrent `create … if not exists` can still collide in the system catalog; the lock
    // serialises replicas. One query string runs as one transaction, which releases the lock.
    // import_reports predates kinds and the other tables: it gains its column where it lacks it.
    this.ready ??= this.pool
      .query(
        `select pg_advisory_xact_lock(hashtextextended('migrate:${this.schema}.imports', 0));
         create schema if not exists ${this.schema};
         create table if not exists ${this.schema}.import_reports (
           import_id uuid primary key,
           region text not null,
           status text not null,
           report jsonb not null,
           updated_at timestamptz not null
         );
         alter table ${this.schema}.import_reports add column if not exists kind text;
         create index if not exists import_reports_running
           on ${this.schema}.import_reports (kind, region) where status = 'running';
         create table if not exists ${this.schema}.import_rejections (
           import_id uuid not null,
           line integer not null,
           seq integer not null,
           column_name text,
           reason text not null,
           message text not null,
           primary key (import_id, line, seq)
         );
         create table if not exists ${this.schema}.import_accepted (
           import_id uuid not null,
           line integer not null,
           entity_id text not null,
           primary key (import_id, line)
         );
         create table if not exists ${this.schema}.import_files (
           import_id uuid not null,
           part integer not null,
           bytes bytea not null,
           primary key (import_id, part)
         );`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

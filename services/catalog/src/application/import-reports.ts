import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@pk/contracts';
import { Pool } from 'pg';
import type { CsvEncoding, CsvSeparator } from '@pk/service-runtime';

export const IMPORT_DIRECTORIES = [
  'providers',
  'municipalities',
  'organizations',
  'internship-sites',
  'programs',
] as const;
export type ImportDirectory = (typeof IMPORT_DIRECTORIES)[number];

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
 * An import's progress while it runs, and its report when it has finished. "interrupted": the
 * service stopped before the end; re-running the same file finishes it (rows already imported
 * come out unchanged).
 */
export interface ImportReport {
  readonly importId: string;
  readonly directory: ImportDirectory;
  readonly region: string;
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly startedBy: Actor;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly encoding: CsvEncoding;
  readonly separator: CsvSeparator;
  readonly totalRows: number;
  readonly processed: number;
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows not imported (a row may have several rejections). */
  readonly rejected: number;
  /** Ordered by line once finished. */
  readonly rejections: readonly Rejection[];
}

/**
 * Where import reports outlive the process. Why a table and not a private event stream
 * (`import-<id>`): private event types must be declared where the service builds its
 * EventSourcingModule (main.ts), outside the directories, and an undeclared one would be parked
 * by the relay; and a report is a document rewritten as rows are processed (progress every
 * second), read whole by id, of no interest to other services — state, not domain history. The
 * facts that matter (entries registered or updated) are events already, carrying the import id
 * as their causation id.
 */
export abstract class ImportReports {
  abstract save(report: ImportReport): Promise<void>;
  abstract find(importId: string): Promise<ImportReport | undefined>;
}

/** For specs on the in-memory kit: reports last as long as the process. */
export class InMemoryImportReports extends ImportReports {
  private readonly reports = new Map<string, ImportReport>();

  async save(report: ImportReport): Promise<void> {
    this.reports.set(report.importId, structuredClone(report));
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    const report = this.reports.get(importId);
    return report && structuredClone(report);
  }
}

/** A row per import in the catalog's schema, beside its event store; a pool of its own, small. */
export class PostgresImportReports extends ImportReports implements OnApplicationShutdown {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly pool: Pool) {
    super();
    pool.on('error', (error) => new Logger('import-reports').warn(`idle connection lost: ${error.message}`));
  }

  async save(report: ImportReport): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into catalog.directory_imports (import_id, region, directory, status, report, updated_at)
       values ($1, $2, $3, $4, $5, now())
       on conflict (import_id) do update
         set status = excluded.status, report = excluded.report, updated_at = now()`,
      [report.importId, report.region, report.directory, report.status, JSON.stringify(report)],
    );
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    await this.migrate();
    const { rows } = await this.pool.query<{ report: ImportReport }>(
      'select report from catalog.directory_imports where import_id = $1',
      [importId],
    );
    return rows[0]?.report;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private migrate() {
    // Concurrent `create … if not exists` can still collide in the system catalog; the lock
    // serialises replicas. One query string runs as one transaction, which releases the lock.
    this.ready ??= this.pool
      .query(
        `select pg_advisory_xact_lock(hashtextextended('migrate:catalog.directory_imports', 0));
         create schema if not exists catalog;
         create table if not exists catalog.directory_imports (
           import_id uuid primary key,
           region text not null,
           directory text not null,
           status text not null,
           report jsonb not null,
           updated_at timestamptz not null
         );`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}

import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';

/** What every import report carries for the store: the rest is the service's own. */
export interface StoredImportReport {
  readonly importId: string;
  readonly region: string;
  readonly status: string;
}

/**
 * Where a service's import reports outlive the process. Why a table and not a private event stream:
 * a report is a document rewritten as rows are processed (progress every second), read whole by id,
 * of no interest to other services — state, not domain history. The facts that matter (what was
 * registered or updated) are events already, carrying the import id as their causation id.
 */
export abstract class ImportReportStore<TReport extends StoredImportReport> {
  abstract save(report: TReport): Promise<void>;
  abstract find(importId: string): Promise<TReport | undefined>;
}

/** For specs on the in-memory kit: reports last as long as the process. */
export class InMemoryImportReportStore<
  TReport extends StoredImportReport,
> extends ImportReportStore<TReport> {
  private readonly reports = new Map<string, TReport>();

  async save(report: TReport): Promise<void> {
    this.reports.set(report.importId, structuredClone(report));
  }

  async find(importId: string): Promise<TReport | undefined> {
    const report = this.reports.get(importId);
    return report && structuredClone(report);
  }
}

/** A row per import in a table of the service's schema, beside its event store; a small pool of its own. */
export class PostgresImportReportStore<TReport extends StoredImportReport>
  extends ImportReportStore<TReport>
  implements OnApplicationShutdown
{
  private ready: Promise<unknown> | undefined;
  private readonly schema: string;

  /** @param table schema-qualified, e.g. "catalog.import_reports" */
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {
    super();
    if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`not a schema-qualified table name: ${table}`);
    this.schema = table.split('.')[0]!;
    pool.on('error', (error) => new Logger('import-reports').warn(`idle connection lost: ${error.message}`));
  }

  async save(report: TReport): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into ${this.table} (import_id, region, status, report, updated_at)
       values ($1, $2, $3, $4, now())
       on conflict (import_id) do update
         set status = excluded.status, report = excluded.report, updated_at = now()`,
      [report.importId, report.region, report.status, JSON.stringify(report)],
    );
  }

  async find(importId: string): Promise<TReport | undefined> {
    await this.migrate();
    const { rows } = await this.pool.query<{ report: TReport }>(
      `select report from ${this.table} where import_id = $1`,
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
        `select pg_advisory_xact_lock(hashtextextended('migrate:${this.table}', 0));
         create schema if not exists ${this.schema};
         create table if not exists ${this.table} (
           import_id uuid primary key,
           region text not null,
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

import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@pk/contracts';
import { Pool } from 'pg';
import type { CsvEncoding, CsvSeparator } from '@pk/service-runtime';

/**
 * One reason a row was not imported: where (line and column of the file) and why, in Russian. Never
 * the personal data of the row (a report is read by more people than the data may be).
 */
export interface TeacherImportRejection {
  readonly line: number;
  /** The column at fault; null when the row as a whole is (a duplicate, a refused rule). */
  readonly column: string | null;
  readonly reason: string;
  /** The same, ready to read: «строка 17, столбец snils: СНИЛС не проходит проверку контрольного числа». */
  readonly message: string;
}

/**
 * An import's progress while it runs, and its report when it has finished. "interrupted": the
 * service stopped before the end; re-running the same file finishes it (rows already imported come
 * out unchanged).
 */
export interface TeacherImportReport {
  readonly importId: string;
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
  /** Ordered by line. */
  readonly rejections: readonly TeacherImportRejection[];
}

/**
 * Where teacher import reports outlive the process: a table, as catalog's directory imports (a
 * report is state rewritten every second while it runs, read whole by id, of no interest to other
 * services; the teachers it registers are events already, caused by the import's id).
 */
export abstract class TeacherImportReports {
  abstract save(report: TeacherImportReport): Promise<void>;
  abstract find(importId: string): Promise<TeacherImportReport | undefined>;
}

/** For specs on the in-memory kit: reports last as long as the process. */
export class InMemoryTeacherImportReports extends TeacherImportReports {
  private readonly reports = new Map<string, TeacherImportReport>();

  async save(report: TeacherImportReport): Promise<void> {
    this.reports.set(report.importId, structuredClone(report));
  }

  async find(importId: string): Promise<TeacherImportReport | undefined> {
    const report = this.reports.get(importId);
    return report && structuredClone(report);
  }
}

/** A row per import in `diagnostics.teacher_imports`, beside the event store; a small pool of its own. */
export class PostgresTeacherImportReports extends TeacherImportReports implements OnApplicationShutdown {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly pool: Pool) {
    super();
    pool.on('error', (error) => new Logger('teacher-imports').warn(`idle connection lost: ${error.message}`));
  }

  async save(report: TeacherImportReport): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into diagnostics.teacher_imports (import_id, region, status, report, updated_at)
       values ($1, $2, $3, $4, now())
       on conflict (import_id) do update
         set status = excluded.status, report = excluded.report, updated_at = now()`,
      [report.importId, report.region, report.status, JSON.stringify(report)],
    );
  }

  async find(importId: string): Promise<TeacherImportReport | undefined> {
    await this.migrate();
    const { rows } = await this.pool.query<{ report: TeacherImportReport }>(
      'select report from diagnostics.teacher_imports where import_id = $1',
      [importId],
    );
    return rows[0]?.report;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private migrate() {
    // The lock serialises replicas creating the table at once; one query string is one transaction.
    this.ready ??= this.pool
      .query(
        `select pg_advisory_xact_lock(hashtextextended('migrate:diagnostics.teacher_imports', 0));
         create schema if not exists diagnostics;
         create table if not exists diagnostics.teacher_imports (
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

import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock, CommandContext } from '@pk/kernel';
import { CLOCK } from '@pk/service-runtime';
import { type CsvColumns, type CsvRow, readCsv } from '@pk/service-runtime';
import { type ImportDirectory, type ImportReport, ImportReports, type Rejection } from './import-reports';

export type RowOutcome = 'registered' | 'updated' | 'unchanged';
export interface RowProblem {
  readonly column: string | null;
  readonly reason: string;
}
export type RowResult = { readonly outcome: RowOutcome } | { readonly problems: readonly RowProblem[] };

/** How one directory's file is imported: its columns, its rows' key, and what a row does. */
export interface DirectoryImport {
  readonly directory: ImportDirectory;
  readonly columns: CsvColumns;
  /**
   * The row's natural key (ИНН, ОКТМО…), to refuse a second row for the same entry: two rows would
   * overwrite each other on every run, and a re-run would never come out unchanged. Undefined for
   * a row without a usable key, which `run` refuses anyway.
   */
  key(row: CsvRow): { readonly value: string; readonly column: string; readonly label: string } | undefined;
  /** Validates the row as the HTTP command's DTO would and runs it through the same handler. */
  run(row: CsvRow, region: string, caller: CommandContext): Promise<RowResult>;
}

/** Rows in flight at once: enough to keep the event store busy, few enough to leave it to others. */
export const IMPORT_CONCURRENCY = 8;
/** How often a running import saves its progress (for other replicas, and after a restart). */
const PROGRESS_EVERY_MS = 1_000;
/** A saved "running" report this much older than its last save belongs to a process that stopped. */
const ABANDONED_AFTER_MS = 30_000;

interface Running {
  report: Mutable<ImportReport>;
  rejections: Rejection[];
  done: Promise<void>;
}
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Runs directory imports: the file is read before the answer (a file that is not a table is
 * refused whole), its rows then run in the background, a bounded number at a time, each on its
 * own: one bad row never stops the others. Progress lives in memory while it runs and is saved
 * every second; the report is saved when it ends.
 */
@Injectable()
export class ImportService implements BeforeApplicationShutdown {
  private readonly log = new Logger('imports');
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly reports: ImportReports,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Reads the file (throws CsvFileRefused) and starts its rows; answers the report as it begins. */
  async start(
    format: DirectoryImport,
    region: string,
    bytes: Buffer,
    caller: CommandContext,
  ): Promise<ImportReport> {
    const table = readCsv(bytes, format.columns);
    const now = this.clock.now().toISOString();
    const report: Mutable<ImportReport> = {
      importId: randomUUID(),
      directory: format.directory,
      region,
      status: 'running',
      startedBy: caller.actor,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
      encoding: table.encoding,
      separator: table.separator,
      totalRows: table.rows.length,
      processed: 0,
      registered: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
    };
    // saved before the answer, so the Location it gives works on any replica at once
    await this.reports.save(report);
    const running: Running = { report, rejections: [], done: Promise.resolve() };
    this.running.set(report.importId, running);
    // every event of the import names it as its cause
    const context: CommandContext = { ...caller, causationId: report.importId };
    running.done = this.run(format, table.rows, context, running)
      // a failure outside the rows (the store away while keys or reports are written) must not
      // escape as an unhandled rejection, which would stop the service: the import is interrupted
      .catch((error: unknown) => this.interrupted(running, error))
      .finally(() => this.running.delete(report.importId));
    return this.snapshot(running);
  }

  private async interrupted(running: Running, error: unknown): Promise<void> {
    this.log.error(`import ${running.report.importId} stopped: ${String(error)}`);
    const now = this.clock.now().toISOString();
    running.report.status = 'interrupted';
    running.report.finishedAt = now;
    running.report.updatedAt = now;
    await this.reports.save(this.snapshot(running)).catch((saving: unknown) => {
      this.log.error(`import ${running.report.importId}: report not saved: ${String(saving)}`);
    });
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    const running = this.running.get(importId);
    if (running) return this.snapshot(running);
    const saved = await this.reports.find(importId);
    if (
      saved?.status === 'running' &&
      this.clock.now().getTime() - Date.parse(saved.updatedAt) > ABANDONED_AFTER_MS
    ) {
      return { ...saved, status: 'interrupted' };
    }
    return saved;
  }

  /** Lets the rows in flight finish (within bounds) and records what was left as interrupted. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const all = Promise.all([...this.running.values()].map((running) => running.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  }

  private async run(
    format: DirectoryImport,
    rows: readonly CsvRow[],
    context: CommandContext,
    running: Running,
  ): Promise<void> {
    const { report } = running;
    const firstLineOf = new Map<string, number>();
    const reject = (row: CsvRow, problems: readonly RowProblem[]) => {
      report.rejected++;
      for (const { column, reason } of problems) {
        const where = column === null ? `строка ${row.line}` : `строка ${row.line}, столбец ${column}`;
        running.rejections.push({ line: row.line, column, reason, message: `${where}: ${reason}` });
      }
    };
    // what needs the whole file is settled first: a duplicate is the later row, whatever the timing
    const runnable = rows.filter((row) => {
      if (row.cellCount !== undefined) {
        const columns = Object.keys(row.cells).length;
        reject(row, [
          { column: null, reason: `значений в строке ${row.cellCount}, а столбцов в заголовке ${columns}` },
        ]);
        report.processed++;
        return false;
      }
      const key = format.key(row);
      if (key === undefined) return true;
      const first = firstLineOf.get(key.value);
      if (first === undefined) {
        firstLineOf.set(key.value, row.line);
        return true;
      }
      reject(row, [
        { column: key.column, reason: `${key.label} уже встречается в строке ${first}; строка не загружена` },
      ]);
      report.processed++;
      return false;
    });

    let next = 0;
    let saving: Promise<void> = Promise.resolve();
    let savedAt = Date.now();
    const saveProgress = () => {
      if (Date.now() - savedAt < PROGRESS_EVERY_MS) return;
      savedAt = Date.now();
      const snapshot = this.snapshot(running);
      // chained, so an older snapshot never lands after a newer one
      saving = saving
        .then(() => this.reports.save(snapshot))
        .catch((error: unknown) => {
          this.log.warn(`import ${report.importId}: progress not saved: ${String(error)}`);
        });
    };
    const worker = async () => {
      while (next < runnable.length && !this.stopping) {
        const row = runnable[next++]!;
        try {
          const result = await format.run(row, report.region, context);
          if ('outcome' in result) report[result.outcome]++;
          else reject(row, result.problems);
        } catch (error) {
          this.log.error(
            `import ${report.importId}, line ${row.line}: ${String(error)}`,
            (error as Error)?.stack,
          );
          reject(row, [
            {
              column: null,
              reason:
                'строку не удалось записать из-за сбоя сервиса; повторите импорт — загруженные строки не изменятся',
            },
          ]);
        }
        report.processed++;
        report.updatedAt = this.clock.now().toISOString();
        saveProgress();
      }
    };
    await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
    await saving;
    const now = this.clock.now().toISOString();
    report.status = report.processed === report.totalRows ? 'finished' : 'interrupted';
    report.finishedAt = now;
    report.updatedAt = now;
    try {
      await this.reports.save(this.snapshot(running));
    } catch (error) {
      this.log.error(`import ${report.importId}: report not saved: ${String(error)}`);
    }
  }

  private snapshot(running: Running): ImportReport {
    const rejections = [...running.rejections].sort((a, b) => a.line - b.line);
    return { ...running.report, rejections };
  }
}

import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { type Clock, type CommandContext, DomainError } from '@pk/kernel';
import { CLOCK } from '@pk/service-runtime';
import { type CsvRow, readCsv } from '@pk/service-runtime';
import {
  type TeacherImportRejection,
  type TeacherImportReport,
  TeacherImportReports,
} from './teacher-import-reports';
import type { TeacherKey } from './personal-data-keys';
import {
  type RowProblem,
  snilsOfRow,
  TEACHER_COLUMNS,
  type TeacherRow,
  teacherRowOf,
} from './teacher-import-rows';
import { TeacherCommands } from './teacher.commands';

type RowOutcome = 'registered' | 'updated' | 'unchanged';

/**
 * Rows in flight at once. Each row is a key read, a stream read and at most one append; 16 keep
 * the event store's pool (10 connections) busy while leaving room for the service's other work.
 */
export const TEACHER_IMPORT_CONCURRENCY = 16;
/** How often a running import saves its progress (for other replicas, and after a restart). */
const PROGRESS_EVERY_MS = 1_000;
/** A saved "running" report this much older than its last save belongs to a process that stopped. */
const ABANDONED_AFTER_MS = 30_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface Running {
  report: Mutable<TeacherImportReport>;
  rejections: TeacherImportRejection[];
  done: Promise<void>;
}

/**
 * Runs teacher imports: the file is read before the answer (a file that is not a table is refused
 * whole), its rows then run in the background, a bounded number at a time, each on its own: one bad
 * row never stops the others. Progress lives in memory while it runs and is saved every second; the
 * report is saved when it ends. Rows never reach the log: they are personal data.
 */
@Injectable()
export class TeacherImportService implements BeforeApplicationShutdown {
  private readonly log = new Logger('teacher-imports');
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly reports: TeacherImportReports,
    private readonly teachers: TeacherCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Reads the file (throws CsvFileRefused) and starts its rows; answers the report as it begins. */
  async start(region: string, bytes: Buffer, caller: CommandContext): Promise<TeacherImportReport> {
    const table = readCsv(bytes, TEACHER_COLUMNS);
    const now = this.clock.now().toISOString();
    const report: Mutable<TeacherImportReport> = {
      importId: randomUUID(),
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
    running.done = this.run(table.rows, context, running)
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

  async find(importId: string): Promise<TeacherImportReport | undefined> {
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

  /** Lets the rows in flight finish (within bounds); what was left is recorded as interrupted. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const all = Promise.all([...this.running.values()].map((running) => running.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  }

  private async run(rows: readonly CsvRow[], context: CommandContext, running: Running): Promise<void> {
    const { report } = running;
    const reject = (row: CsvRow, problems: readonly RowProblem[]) => {
      report.rejected++;
      for (const { column, reason } of problems) {
        const where = column === null ? `строка ${row.line}` : `строка ${row.line}, столбец ${column}`;
        running.rejections.push({ line: row.line, column, reason, message: `${where}: ${reason}` });
      }
    };
    // what needs the whole file is settled first: a duplicate is the later row, whatever the timing
    const firstLineOf = new Map<string, number>();
    const runnable = rows.filter((row) => {
      if (row.cellCount !== undefined) {
        const columns = Object.keys(row.cells).length;
        reject(row, [
          { column: null, reason: `значений в строке ${row.cellCount}, а столбцов в заголовке ${columns}` },
        ]);
        report.processed++;
        return false;
      }
      const snils = snilsOfRow(row.cells);
      if (snils === undefined) return true;
      const first = firstLineOf.get(snils);
      if (first === undefined) {
        firstLineOf.set(snils, row.line);
        return true;
      }
      // the СНИЛС itself is not repeated: the report is read by more people than the data may be
      reject(row, [
        { column: 'snils', reason: `этот СНИЛС уже встречается в строке ${first}; строка не загружена` },
      ]);
      report.processed++;
      return false;
    });

    // rows read and their keys fetched in bulk first: one round trip per thousand rows, not per row
    const reads = runnable.map((row) => ({ row, read: teacherRowOf(row.cells, report.region) }));
    const keys = await this.teachers.keysFor(
      reads.flatMap(({ read }) => ('record' in read ? [read.record.teacherId] : [])),
    );

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
      while (next < reads.length && !this.stopping) {
        const { row, read } = reads[next++]!;
        try {
          const result = await this.runRow(read, keys, context);
          if (typeof result === 'string') report[result]++;
          else reject(row, result);
        } catch (error) {
          // the error's name and message only: never the row, which is personal data
          this.log.error(
            `import ${report.importId}, line ${row.line}: ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? ''}`,
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
    await Promise.all(Array.from({ length: TEACHER_IMPORT_CONCURRENCY }, worker));
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

  /** One row: its outcome, or what is wrong with it. */
  private async runRow(
    read: TeacherRow,
    keys: Map<string, TeacherKey>,
    context: CommandContext,
  ): Promise<RowOutcome | readonly RowProblem[]> {
    if ('problems' in read) return read.problems;
    const key = keys.get(read.record.teacherId);
    if (key === undefined) throw new Error(`no key was fetched for teacher ${read.record.teacherId}`);
    try {
      const { events } = await this.teachers.importRow(read.record, read.personalData, key, context);
      if (events.length === 0) return 'unchanged';
      return events.some((event) => event.type === 'diagnostics.TeacherRegistered')
        ? 'registered'
        : 'updated';
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return [refusal(error)];
    }
  }

  private snapshot(running: Running): TeacherImportReport {
    const rejections = [...running.rejections].sort((a, b) => a.line - b.line);
    return { ...running.report, rejections };
  }
}

/** A rule of the domain refused the row, said in Russian by the column at fault. */
function refusal(error: DomainError): RowProblem {
  switch (error.code) {
    case 'teacher-work-missing':
      return {
        column: 'subjects',
        reason: 'не указаны ни предметы, ни профиль работы (work_profile); укажите хотя бы одно',
      };
    case 'teacher-category-date-missing':
      return {
        column: 'category_since',
        reason: 'для первой или высшей категории укажите дату её присвоения',
      };
    case 'teacher-category-date-without-category':
      return {
        column: 'category_since',
        reason: 'дата присвоения указана, а категории нет; уберите дату или укажите категорию',
      };
    case 'teacher-date-in-future': {
      const column = error.message.startsWith('categorySince') ? 'category_since' : 'last_training_on';
      return { column, reason: 'дата ещё не наступила' };
    }
    case 'teacher-erased':
      return {
        column: null,
        reason: 'данные учителя с этим СНИЛС удалены по его требованию (152-ФЗ); запись не восстанавливается',
      };
    default:
      return { column: null, reason: `отказано по правилу ${error.code}` };
  }
}

import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import type { Clock, CommandContext } from '@pk/kernel';
import { HealthChecks } from '../health';
import { ServiceMetrics } from '../metrics';
import { CLOCK } from '../event-sourcing/tokens';
import { type CsvColumns, type CsvFile, type CsvRow, csvRows, inspectCsv } from './csv';
import {
  type ImportCounts,
  type Accepted,
  type ImportReport,
  ImportStore,
  REJECTIONS_IN_REPORT,
  type Rejection,
} from './import-store';

export type RowOutcome = 'registered' | 'updated' | 'unchanged';
export interface RowProblem {
  readonly column: string | null;
  readonly reason: string;
}
/** A row taken, with the id of the entry it names (listed by `GET /imports/:id/accepted`). */
export interface RowAccepted {
  readonly outcome: RowOutcome;
  readonly id: string;
}
export type RowResult = RowOutcome | RowAccepted | readonly RowProblem[];

/** What a row did, whether or not it names its entry's id; undefined for a rejected row. */
function outcomeOf(result: RowResult): RowOutcome | undefined {
  if (typeof result === 'string') return result;
  return 'outcome' in result ? result.outcome : undefined;
}

/**
 * One kind of file an import takes: its columns, its rows' natural key, and what a row does. A
 * service keeps one file per format; the runner does everything else.
 */
export interface ImportFormat<TChunk = unknown> {
  /** What the file holds, as the URL names it: "organizations", "teachers". */
  readonly kind: string;
  readonly columns: CsvColumns;
  /** Rows run at once; default 8. */
  readonly concurrency?: number;
  /**
   * The rows hold personal data: the file is never stored (an import the service's restart stops
   * is not resumed: the ministry sends the file again), and nothing of a row reaches the log.
   */
  readonly personalData?: boolean;
  /**
   * The row's natural key (ИНН, ОКТМО, СНИЛС…), to refuse a second row for the same entry: two rows
   * would overwrite each other on every run. Undefined for a row without a usable key (`run`
   * refuses it anyway). The label names it in the report without repeating it («этот СНИЛС»).
   */
  key?(row: CsvRow): { readonly value: string; readonly column: string; readonly label: string } | undefined;
  /** Work a chunk of rows shares, done once for it (e.g. reading the keys of a thousand teachers at once). */
  prepare?(rows: readonly CsvRow[], region: string): Promise<TChunk>;
  /** Validates the row as the HTTP command's DTO would and runs it through the same handler. */
  run(row: CsvRow, region: string, caller: CommandContext, chunk: TChunk): Promise<RowResult>;
}

/** The service's import formats: `ImportsModule.forFormats([...])` provides them. */
export abstract class ImportFormats {
  abstract of(kind: string): ImportFormat | undefined;
  abstract readonly kinds: readonly string[];
}

/** How often a running import saves its progress (for other replicas, and after a restart). */
const PROGRESS_EVERY_MS = 1_000;
/**
 * A running import not saved for this long belongs to a process that stopped; IMPORT_ABANDONED_AFTER_MS
 * sets it (above the progress saves' second by a margin a loaded machine needs, so a live import is
 * never taken over).
 */
export const ABANDONED_AFTER_MS = 30_000;
/**
 * Rows read ahead and prepared together (a format's chunk work, e.g. one read of a chunk's teachers);
 * IMPORT_CHUNK_ROWS sets it: larger chunks make fewer round trips and hold more rows in memory.
 */
export const CHUNK_ROWS = 500;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const NO_COUNTS: ImportCounts = { processed: 0, registered: 0, updated: 0, unchanged: 0, rejected: 0 };

interface Running {
  report: Mutable<ImportReport>;
  done: Promise<void>;
}

/**
 * Runs the service's CSV imports, whatever they hold. The file is read through once before the
 * answer (a slice per turn of the event loop: a file that is not a table is refused whole, 400), its
 * rows then run in the background in chunks, a bounded number at a time, each on its own: one bad
 * row never stops the others. Memory stays bounded whatever the file: rows are read as they are
 * run, and rejections go to the store as they come (the report keeps the first hundred).
 *
 * One import of a kind per region runs at a time (a second answers 409 with the running one's id).
 * Progress is saved every second; an import whose process stopped is taken over by any replica that
 * notices (within a minute): resumed after its last checkpoint when its file was kept, marked
 * interrupted with the reason otherwise (personal data never leaves memory).
 */
@Injectable()
export class ImportRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('imports');
  private readonly running = new Map<string, Running>();
  private stopping = false;
  private watching: NodeJS.Timeout | undefined;
  private readonly abandonedAfterMs = abandonedAfterMs();
  private readonly chunkRows = chunkRows();

  constructor(
    private readonly store: ImportStore,
    private readonly formats: ImportFormats,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly health: HealthChecks,
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  /** Imports ended here since start, by kind and outcome (metrics). */
  private readonly ended = new Map<string, Map<'finished' | 'interrupted', number>>();

  onApplicationBootstrap(): void {
    this.health.register('imports', () => ({
      status: 'ok',
      running: [...this.running.values()].map(({ report }) => ({
        importId: report.importId,
        kind: report.kind,
        processed: report.processed,
        totalRows: report.totalRows,
      })),
    }));
    this.metrics?.watchImports(() => ({
      running: [...this.running.values()].map(({ report }) => report),
      ended: this.ended,
    }));
    const watch = () =>
      void this.takeOverAbandoned().catch((error: unknown) => {
        this.log.warn(`could not look for abandoned imports: ${String(error)}`);
      });
    this.watching = setInterval(watch, this.abandonedAfterMs);
    this.watching.unref();
    setTimeout(watch, 1_000).unref();
  }

  /** Lets the rows in flight finish (within bounds); the import stays "running" for another replica or the restart. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watching);
    const all = Promise.all([...this.running.values()].map((running) => running.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  }

  /** Reads the file (throws CsvFileRefused) and starts its rows; answers the report as it begins. */
  async start(kind: string, region: string, bytes: Buffer, caller: CommandContext): Promise<ImportReport> {
    const format = this.formats.of(kind);
    if (!format) throw new Error(`no import format "${kind}"`);
    const file = await inspectCsv(bytes, format.columns);
    const busy = (await this.store.running({ kind, region })).find((report) => !this.abandoned(report));
    if (busy) {
      throw new ConflictException({
        code: 'import-already-running',
        message: `импорт ${kind} региона ${region} уже идёт (${busy.importId}, обработано ${busy.processed} из ${busy.totalRows}); дождитесь его конца`,
      });
    }
    const now = this.clock.now().toISOString();
    const report: Mutable<ImportReport> = {
      importId: randomUUID(),
      kind,
      region,
      status: 'running',
      startedBy: caller.actor,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
      encoding: file.encoding,
      separator: file.separator,
      totalRows: file.rowCount,
      ...NO_COUNTS,
      rejections: [],
      interruption: null,
      resumable: !format.personalData,
      checkpoint: { doneThrough: 0, done: NO_COUNTS },
    };
    if (report.resumable) await this.store.keepFile(report.importId, bytes);
    // saved before the answer, so the Location it gives works on any replica at once
    await this.store.save(report);
    this.launch(format, file, bytes, report, caller);
    return { ...report };
  }

  async find(importId: string): Promise<ImportReport | undefined> {
    const running = this.running.get(importId);
    if (running) return { ...running.report };
    return this.store.find(importId);
  }

  /** The kinds of file the service imports. */
  get kinds(): readonly string[] {
    return this.formats.kinds;
  }

  /** Rejections after a line, in line order: the whole list, page by page. */
  rejections(importId: string, afterLine: number, limit: number): Promise<Rejection[]> {
    return this.store.rejections(importId, afterLine, limit);
  }

  /** Rows taken after a line, with their entries' ids, in line order, page by page. */
  accepted(importId: string, afterLine: number, limit: number): Promise<Accepted[]> {
    return this.store.accepted(importId, afterLine, limit);
  }

  private abandoned(report: ImportReport): boolean {
    return this.clock.now().getTime() - Date.parse(report.updatedAt) > this.abandonedAfterMs;
  }

  /** Imports marked running whose process stopped saving: resumed here, or marked interrupted. */
  async takeOverAbandoned(): Promise<void> {
    if (this.stopping) return;
    for (const seen of await this.store.running()) {
      const format = this.formats.of(seen.kind);
      if (!format || this.running.has(seen.importId) || !this.abandoned(seen)) continue;
      const now = this.clock.now().toISOString();
      const bytes = seen.resumable ? await this.store.file(seen.importId) : undefined;
      if (!bytes) {
        const interrupted: ImportReport = {
          ...seen,
          status: 'interrupted',
          updatedAt: now,
          finishedAt: now,
          interruption: seen.resumable
            ? 'сервис остановился во время импорта, а файл не сохранился; загрузите его снова — загруженные строки не изменятся'
            : 'сервис остановился во время импорта; файл с персональными данными не хранится — загрузите его снова, загруженные строки не изменятся',
        };
        if (await this.store.takeOver(interrupted, seen.updatedAt))
          this.log.warn(`import ${seen.importId} was abandoned by a stopped process: interrupted`);
        continue;
      }
      // resumed from its checkpoint: the rows after it run again, which the handlers make harmless
      const resumed: Mutable<ImportReport> = {
        ...seen,
        ...seen.checkpoint.done,
        updatedAt: now,
        rejections: await this.store.rejections(seen.importId, 0, REJECTIONS_IN_REPORT),
      };
      if (!(await this.store.takeOver(resumed, seen.updatedAt))) continue; // another replica took it
      const file = { encoding: seen.encoding, separator: seen.separator, rowCount: seen.totalRows };
      const columns = (await inspectCsv(bytes, format.columns)).columns;
      this.log.log(`resuming import ${seen.importId} after line ${seen.checkpoint.doneThrough}`);
      this.launch(format, { ...file, columns }, bytes, resumed, {
        actor: seen.startedBy,
        correlationId: seen.importId,
      });
    }
  }

  private launch(
    format: ImportFormat,
    file: CsvFile,
    bytes: Buffer,
    report: Mutable<ImportReport>,
    caller: CommandContext,
  ): void {
    const running: Running = { report, done: Promise.resolve() };
    this.running.set(report.importId, running);
    // every event of the import names it as its cause
    const context: CommandContext = { ...caller, causationId: report.importId };
    running.done = this.run(format, file, bytes, context, running)
      // a failure outside the rows (the store away while reports are written) must not escape as
      // an unhandled rejection, which would stop the service: the import is interrupted
      .catch((error: unknown) => this.interrupt(running, `сбой сервиса: ${String(error)}`))
      .finally(() => {
        this.running.delete(report.importId);
        // left running when the process stops: another replica or the restart ends it
        if (report.status !== 'running') {
          const outcomes = this.ended.get(report.kind) ?? new Map<'finished' | 'interrupted', number>();
          outcomes.set(report.status, (outcomes.get(report.status) ?? 0) + 1);
          this.ended.set(report.kind, outcomes);
        }
      });
  }

  private async interrupt(running: Running, reason: string): Promise<void> {
    this.log.error(`import ${running.report.importId} stopped: ${reason}`);
    const now = this.clock.now().toISOString();
    Object.assign(running.report, {
      status: 'interrupted',
      finishedAt: now,
      updatedAt: now,
      interruption: reason,
    });
    await this.store.save({ ...running.report }).catch((saving: unknown) => {
      this.log.error(`import ${running.report.importId}: report not saved: ${String(saving)}`);
    });
  }

  private async run(
    format: ImportFormat,
    file: CsvFile,
    bytes: Buffer,
    context: CommandContext,
    running: Running,
  ): Promise<void> {
    const { report } = running;
    const resumeAfter = report.checkpoint.doneThrough;
    const progress = new Progress(report, this.store);
    const firstLineOf = new Map<string, number>();
    let savedAt = Date.now();
    let saving: Promise<void> = Promise.resolve();
    const saveProgress = (force = false) => {
      if (!force && Date.now() - savedAt < PROGRESS_EVERY_MS) return;
      savedAt = Date.now();
      report.updatedAt = this.clock.now().toISOString();
      const snapshot = progress.snapshot();
      // chained, so an older snapshot never lands after a newer one
      saving = saving
        .then(() => progress.flush())
        .then(() => this.store.save(snapshot))
        .catch((error: unknown) =>
          this.log.warn(`import ${report.importId}: progress not saved: ${String(error)}`),
        );
    };

    /** What needs the whole file is settled in file order: a duplicate is the later row, whatever the timing. */
    const screen = (row: CsvRow): readonly RowProblem[] | undefined => {
      if (row.cellCount !== undefined) {
        return [
          {
            column: null,
            reason: `значений в строке ${row.cellCount}, а столбцов в заголовке ${file.columns.length}`,
          },
        ];
      }
      const key = format.key?.(row);
      if (key === undefined) return undefined;
      const first = firstLineOf.get(key.value);
      if (first === undefined) {
        firstLineOf.set(key.value, row.line);
        return undefined;
      }
      return [
        { column: key.column, reason: `${key.label} уже встречается в строке ${first}; строка не загружена` },
      ];
    };

    const runChunk = async (rows: CsvRow[]) => {
      const screened = rows.map((row) => ({ row, problems: screen(row) }));
      if (row0AtOrBefore(rows, resumeAfter)) {
        // before the checkpoint: done before the stop; only their keys count (for duplicates)
        return;
      }
      const fresh = screened.filter(({ row }) => row.line > resumeAfter);
      const chunk = format.prepare
        ? await format.prepare(
            fresh.filter((r) => !r.problems).map((r) => r.row),
            report.region,
          )
        : undefined;
      let next = 0;
      const worker = async () => {
        while (next < fresh.length && !this.stopping) {
          const { row, problems } = fresh[next++]!;
          progress.started(row.line);
          let result: RowResult;
          if (problems) result = problems;
          else {
            try {
              result = await format.run(row, report.region, context, chunk);
            } catch (error) {
              // the error's name and message only, never the row (it may be personal data)
              this.log.error(
                `import ${report.importId}, line ${row.line}: ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`,
              );
              result = [
                {
                  column: null,
                  reason:
                    'строку не удалось записать из-за сбоя сервиса; повторите импорт — загруженные строки не изменятся',
                },
              ];
            }
          }
          progress.finished(row.line, result);
          await giveWay();
        }
      };
      await Promise.all(Array.from({ length: Math.min(format.concurrency ?? 8, fresh.length) }, worker));
    };

    // saved every second while it runs, rows finishing or not: the store tells other replicas it lives
    const heartbeat = setInterval(() => {
      if (!this.stopping) saveProgress(true);
    }, PROGRESS_EVERY_MS);
    heartbeat.unref();
    let chunk: CsvRow[] = [];
    try {
      for await (const row of csvRows(bytes, file)) {
        if (this.stopping) break;
        chunk.push(row);
        if (chunk.length >= this.chunkRows) {
          await runChunk(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0 && !this.stopping) await runChunk(chunk);
    } catch (error) {
      clearInterval(heartbeat);
      await saving;
      await progress.flush();
      return this.interrupt(running, String((error as Error)?.message ?? error));
    }
    clearInterval(heartbeat);
    if (this.stopping) {
      // left running: the checkpoint is saved, and a replica or the restart takes it over
      saveProgress(true);
      await saving;
      return;
    }
    await saving;
    await progress.flush();
    const now = this.clock.now().toISOString();
    // the report readers see while the import is still registered as running is this very object:
    // it carries its rejections before it says finished (a reader between the two saw none)
    report.rejections = progress.firstRejections();
    report.status = report.processed === report.totalRows ? 'finished' : 'interrupted';
    if (report.status === 'interrupted') report.interruption = 'обработаны не все строки файла';
    report.finishedAt = now;
    report.updatedAt = now;
    report.checkpoint = { doneThrough: Number.MAX_SAFE_INTEGER, done: progress.counts() };
    await this.store.save({ ...report, rejections: progress.firstRejections() });
    if (report.resumable) await this.store.dropFile(report.importId).catch(() => undefined);
  }
}

/** Rejections written to the store in one statement. */
const REJECTIONS_PER_WRITE = 500;

/** Longest stretch of rows run without giving the event loop back. */
const TURN_MS = 2;
let turnStarted = performance.now();

/**
 * Gives the event loop back once rows have run for TURN_MS: a row refused by its DTO never waits for
 * I/O, so without this a file of bad rows would run as one long chain of promises and /health,
 * requests and consumers would wait for it. Shared by every import of the process.
 */
async function giveWay(): Promise<void> {
  if (performance.now() - turnStarted < TURN_MS) return;
  await nextTurn();
  turnStarted = performance.now();
}

/** Whether every row of the chunk lies at or before the checkpoint line. */
function row0AtOrBefore(rows: readonly CsvRow[], line: number): boolean {
  return rows.length > 0 && rows[rows.length - 1]!.line <= line;
}

/**
 * What an import has done: counts as rows finish, a checkpoint behind which every row is done
 * (rows run out of order within a chunk), rejections to be written to the store in batches, and the
 * first ones for the report.
 */
class Progress {
  private readonly order: number[] = [];
  private head = 0;
  private readonly results = new Map<number, RowResult>();
  private done: Mutable<ImportCounts>;
  private doneThrough: number;
  private pending: Rejection[] = [];
  private pendingAccepted: Accepted[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private first: Rejection[];

  constructor(
    private readonly report: Mutable<ImportReport>,
    private readonly store: ImportStore,
  ) {
    this.done = { ...report.checkpoint.done };
    this.doneThrough = report.checkpoint.doneThrough;
    this.first = [...report.rejections];
  }

  started(line: number): void {
    this.order.push(line);
  }

  finished(line: number, result: RowResult): void {
    this.results.set(line, result);
    const report = this.report;
    report.processed += 1;
    const outcome = outcomeOf(result);
    if (outcome !== undefined) {
      report[outcome] += 1;
      if (typeof result !== 'string' && 'id' in result) {
        this.pendingAccepted.push({ line, id: result.id });
        if (this.pendingAccepted.length >= REJECTIONS_PER_WRITE) void this.flush().catch(() => undefined);
      }
    } else {
      report.rejected += 1;
      const rejections = (result as readonly RowProblem[]).map(({ column, reason }) => ({
        line,
        column,
        reason,
        message: `${column === null ? `строка ${line}` : `строка ${line}, столбец ${column}`}: ${reason}`,
      }));
      this.pending.push(...rejections);
      // written as they come, so memory holds a few hundred, not every rejection of a second
      if (this.pending.length >= REJECTIONS_PER_WRITE) void this.flush().catch(() => undefined);
      if (this.first.length < REJECTIONS_IN_REPORT || line < this.first[this.first.length - 1]!.line) {
        this.first = [...this.first, ...rejections]
          .sort((a, b) => a.line - b.line)
          .slice(0, REJECTIONS_IN_REPORT);
      }
    }
    // the checkpoint moves past every row that is done and has no unfinished row before it
    while (this.head < this.order.length && this.results.has(this.order[this.head]!)) {
      const done = this.order[this.head++]!;
      const outcome = outcomeOf(this.results.get(done)!);
      this.results.delete(done);
      this.done.processed += 1;
      if (outcome !== undefined) this.done[outcome] += 1;
      else this.done.rejected += 1;
      this.doneThrough = done;
    }
    if (this.head > 10_000) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  counts(): ImportCounts {
    return { ...this.done };
  }

  firstRejections(): Rejection[] {
    return this.first;
  }

  /** The report as saved: the checkpoint counts only rows behind it. Rejections are flushed first. */
  snapshot(): ImportReport {
    return {
      ...this.report,
      rejections: this.first,
      checkpoint: { doneThrough: this.doneThrough, done: { ...this.done } },
    };
  }

  /**
   * Writes the rejections not yet stored, a few hundred per statement (a statement's parameters are
   * built in one go: thousands at once would hold the event loop). One flush at a time, in order.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, REJECTIONS_PER_WRITE);
        await this.store.reject(this.report.importId, batch);
      }
      while (this.pendingAccepted.length > 0) {
        const batch = this.pendingAccepted.splice(0, REJECTIONS_PER_WRITE);
        await this.store.accept(this.report.importId, batch);
      }
    });
    return this.flushing;
  }
}

function chunkRows(): number {
  const setting = process.env['IMPORT_CHUNK_ROWS'];
  if (setting === undefined || setting === '') return CHUNK_ROWS;
  const rows = Number(setting);
  if (!Number.isInteger(rows) || rows < 1 || rows > 10_000) {
    throw new Error(`IMPORT_CHUNK_ROWS: rows read ahead and prepared together, 1 to 10000, not "${setting}"`);
  }
  return rows;
}

function abandonedAfterMs(): number {
  const setting = process.env['IMPORT_ABANDONED_AFTER_MS'];
  if (setting === undefined || setting === '') return ABANDONED_AFTER_MS;
  const ms = Number(setting);
  if (!Number.isInteger(ms) || ms < 3 * PROGRESS_EVERY_MS) {
    throw new Error(
      `IMPORT_ABANDONED_AFTER_MS: milliseconds, at least ${3 * PROGRESS_EVERY_MS} (three progress saves), not "${setting}"`,
    );
  }
  return ms;
}

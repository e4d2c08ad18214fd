import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { TeacherRecord } from '@pk/contracts';
import { type CommandContext, DomainError, ReplicaBehind } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowProblem, RowResult } from '@pk/service-runtime';
import type { TeacherKey } from '../application/personal-data-keys';
import { TeacherCommands } from '../application/teacher.commands';
import { TeacherDirectory } from '../projections/teacher-directory/teacher-directory.queries';
import { snilsOfRow, TEACHER_COLUMNS, type TeacherRow, teacherRowOf } from './teacher-rows';

/** A chunk's rows read, and the keys of its teachers fetched at once (a round trip per thousand, not per row). */
interface TeacherChunk {
  readonly rows: ReadonlyMap<number, TeacherRow>;
  readonly keys: ReadonlyMap<string, TeacherKey>;
  /** What is wrong with each distinct workplace of the chunk (`organization/municipality`), if anything. */
  readonly workplaces: ReadonlyMap<string, RowProblem | undefined>;
}

/**
 * How long a chunk waits for a replica of the directory that is behind: 120 × 0.5 s. A minute, not
 * seconds: a consumer that rejoins its group after a restart waits for the old member's session to
 * expire (15 s here, up to a minute under load), and a file that runs in the background is better late than rejected.
 */
const REPLICA_WAIT_ATTEMPTS = 120;
const REPLICA_WAIT_MS = 500;

const workplaceKey = (record: TeacherRecord) => `${record.organizationId}/${record.municipalityId}`;

/**
 * A region's teachers: `snils;last_name;first_name;organization_id;municipality_id;position;
 * category;education` and optionally the rest of the record and contacts. The rows are personal
 * data: the file is never stored and no row reaches the log or the report.
 */
@Injectable()
export class TeacherImport implements ImportFormat<TeacherChunk> {
  readonly kind = 'teachers';
  readonly columns = TEACHER_COLUMNS;
  readonly personalData = true;
  /** Each row is a key read, a stream read and at most one append: 16 keep the event store busy. */
  readonly concurrency = 16;

  constructor(
    private readonly teachers: TeacherCommands,
    private readonly directory: TeacherDirectory,
  ) {}

  key(row: CsvRow) {
    const snils = snilsOfRow(row.cells);
    // the СНИЛС itself is not repeated: the report is read by more people than the data may be
    return snils === undefined ? undefined : { value: snils, column: 'snils', label: 'этот СНИЛС' };
  }

  async prepare(rows: readonly CsvRow[], region: string): Promise<TeacherChunk> {
    const read = new Map(rows.map((row) => [row.line, teacherRowOf(row.cells, region)]));
    const records = [...read.values()].flatMap((row) => ('record' in row ? [row.record] : []));
    const distinct = new Map(records.map((record) => [workplaceKey(record), record]));
    const workplaces = new Map(
      await Promise.all(
        [...distinct].map(async ([key, record]) => [key, await this.workplaceProblem(record)] as const),
      ),
    );
    return { rows: read, keys: await this.teachers.keysFor(records.map((r) => r.teacherId)), workplaces };
  }

  /** Checked once per distinct workplace of a chunk against the replica of the catalog's directory. */
  private async workplaceProblem(record: TeacherRecord): Promise<RowProblem | undefined> {
    // a school registered in the catalog a moment ago may still be on its way to the replica: the
    // import waits for it a while (a file runs in the background), then rejects the row as retryable
    for (let attempt = 1; ; attempt++) {
      try {
        const problem = await this.directory.problemOf(record);
        return problem && { column: problem.column, reason: problem.message };
      } catch (error) {
        if (!(error instanceof ReplicaBehind)) throw error;
        if (attempt < REPLICA_WAIT_ATTEMPTS) {
          await setTimeout(REPLICA_WAIT_MS);
          continue;
        }
      }
      return {
        column: null,
        reason:
          'справочник организаций каталога ещё догружается; повторите импорт через минуту — загруженные строки не изменятся',
      };
    }
  }

  async run(row: CsvRow, region: string, caller: CommandContext, chunk: TeacherChunk): Promise<RowResult> {
    const read = chunk.rows.get(row.line) ?? teacherRowOf(row.cells, region);
    if ('problems' in read) return read.problems;
    const workplace = chunk.workplaces.has(workplaceKey(read.record))
      ? chunk.workplaces.get(workplaceKey(read.record))
      : await this.workplaceProblem(read.record);
    if (workplace) return [workplace];
    const key = chunk.keys.get(read.record.teacherId);
    if (key === undefined) throw new Error(`no key was fetched for teacher ${read.record.teacherId}`);
    try {
      const { events } = await this.teachers.importRow(read.record, read.personalData, key, caller);
      // the id with the outcome: the report lists line → teacherId (a keyed pseudonym, not personal
      // data), so the ministry can erase or update an imported teacher without re-sending the СНИЛС
      const id = read.record.teacherId;
      if (events.length === 0) return { outcome: 'unchanged', id };
      return events.some((event) => event.type === 'diagnostics.TeacherRegistered')
        ? { outcome: 'registered', id }
        : { outcome: 'updated', id };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return [refusal(error)];
    }
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

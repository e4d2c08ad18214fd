import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { type CommandContext, DomainError, ReplicaBehind } from '@pk/kernel';
import type { CsvRow, ImportFormat, RowProblem, RowResult } from '@pk/service-runtime';
import type { TeacherFacts } from '../domain/allotment.decider';
import { categoryOf } from '../domain/entitlement';
import { voucherIdOf } from '../application/ids';
import { VoucherCommands } from '../application/voucher.commands';
import { TeacherReplica } from '../projections/teacher-replica/teacher-replica.queries';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A replica that is behind is waited for a while: the file runs in the background. */
const REPLICA_WAIT_ATTEMPTS = 120;
const REPLICA_WAIT_MS = 500;
/** Teachers of a chunk checked at once: reads in flight on the read store's pool. */
const CHECKS_IN_FLIGHT = 16;

type Read = { readonly teacherId: string; readonly year: number } | { readonly problem: RowProblem };

/** A chunk's rows read and checked, and its batches committed once, by the first row that runs. */
interface VoucherChunk {
  readonly rows: ReadonlyMap<number, Read>;
  readonly checked: ReadonlyMap<string, TeacherFacts | RowProblem>;
  commit(caller: CommandContext): Promise<ReadonlyMap<string, RowResult>>;
}

/**
 * A bulk issue: `teacher_id;year`, one teacher a row — a list, a municipality or every eligible
 * teacher of the region, as the ministry exports it. A chunk (500 rows, IMPORT_CHUNK_ROWS) is committed as one batch per
 * (year, municipality): the allotment's stream grows by an event per batch, not per voucher, and what
 * the money does not cover is reported row by row. Resumable: a voucher committed before is
 * `unchanged`, so the same file again, or the rest of an interrupted one, commits nothing twice.
 */
@Injectable()
export class VoucherImport implements ImportFormat<VoucherChunk> {
  readonly kind = 'vouchers'; // POST /imports/vouchers?region=63
  readonly columns = { required: ['teacher_id', 'year'] };
  /** A row only reads its chunk's answer: the chunk's batches are the writes. */
  readonly concurrency = 8;

  constructor(
    private readonly vouchers: VoucherCommands,
    private readonly teachers: TeacherReplica,
  ) {}

  key(row: CsvRow) {
    const { teacher_id: teacherId, year } = row.cells;
    return teacherId && year
      ? { value: `${teacherId}/${year}`, column: 'teacher_id', label: `ИОЧ этого педагога на ${year} год` }
      : undefined;
  }

  async prepare(rows: readonly CsvRow[], region: string): Promise<VoucherChunk> {
    const read = new Map(rows.map((row) => [row.line, readRow(row)] as const));
    const teacherIds = [
      ...new Set([...read.values()].flatMap((r) => ('teacherId' in r ? [r.teacherId] : []))),
    ];
    // each teacher is two indexed reads of the replicas: a few at once, not 500 one after another
    // (a chunk took 30 s that way while the demo region loaded)
    const limit = pLimit(CHECKS_IN_FLIGHT);
    const facts = await Promise.all(teacherIds.map((id) => limit(() => this.check(id, region))));
    const checked = new Map<string, TeacherFacts | RowProblem>(teacherIds.map((id, i) => [id, facts[i]!]));
    let committed: Promise<ReadonlyMap<string, RowResult>> | undefined;
    return {
      rows: read,
      checked,
      commit: (caller) => (committed ??= this.commitBatches(region, read, checked, caller)),
    };
  }

  async run(row: CsvRow, _region: string, caller: CommandContext, chunk: VoucherChunk): Promise<RowResult> {
    const read = chunk.rows.get(row.line)!;
    if ('problem' in read) return [read.problem];
    const facts = chunk.checked.get(read.teacherId)!;
    if (!('teacherId' in facts)) return [facts];
    const results = await chunk.commit(caller);
    return results.get(voucherIdOf(read.teacherId, read.year))!;
  }

  /** Whether the teacher gets a voucher at all, with the reason when not. */
  private async check(teacherId: string, region: string): Promise<TeacherFacts | RowProblem> {
    for (let attempt = 1; ; attempt++) {
      try {
        const teacher = await this.teachers.teacher(teacherId, region);
        if (!teacher)
          return { column: 'teacher_id', reason: `педагог ${teacherId} не найден в регионе ${region}` };
        if (!teacher.organizationKind) {
          return {
            column: 'teacher_id',
            reason: `организация педагога ${teacher.organizationId} не найдена в справочнике`,
          };
        }
        const category = categoryOf(teacher.position, teacher.organizationKind);
        if (category instanceof DomainError) {
          return { column: 'teacher_id', reason: `отказано (${category.code}): ${category.message}` };
        }
        return teacher;
      } catch (error) {
        if (!(error instanceof ReplicaBehind) || attempt >= REPLICA_WAIT_ATTEMPTS) throw error;
        await setTimeout(REPLICA_WAIT_MS);
      }
    }
  }

  private async commitBatches(
    region: string,
    rows: ReadonlyMap<number, Read>,
    checked: ReadonlyMap<string, TeacherFacts | RowProblem>,
    caller: CommandContext,
  ): Promise<ReadonlyMap<string, RowResult>> {
    const batches = new Map<string, { year: number; municipalityId: string; teachers: TeacherFacts[] }>();
    for (const read of rows.values()) {
      if (!('teacherId' in read)) continue;
      const facts = checked.get(read.teacherId);
      if (!facts || !('teacherId' in facts)) continue;
      const key = `${read.year}/${facts.municipalityId}`;
      const batch = batches.get(key) ?? {
        year: read.year,
        municipalityId: facts.municipalityId,
        teachers: [],
      };
      batch.teachers.push(facts);
      batches.set(key, batch);
    }
    const results = new Map<string, RowResult>();
    for (const { year, municipalityId, teachers } of batches.values()) {
      try {
        const { committedNow, committedBefore } = await this.vouchers.issueBatch(
          { region, year, municipalityId, teachers },
          caller,
        );
        for (const teacher of teachers) {
          const voucherId = voucherIdOf(teacher.teacherId, year);
          results.set(
            voucherId,
            committedNow.has(voucherId)
              ? { outcome: 'registered', id: voucherId }
              : committedBefore.has(voucherId)
                ? { outcome: 'unchanged', id: voucherId }
                : [
                    {
                      column: null,
                      reason: `отказано (budget-exhausted): лимит муниципалитета на ${year} год исчерпан`,
                    },
                  ],
          );
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // a failure of the service: the runner reports it
        for (const teacher of teachers) {
          results.set(voucherIdOf(teacher.teacherId, year), [
            { column: 'year', reason: `отказано (${error.code}): ${error.message}` },
          ]);
        }
      }
    }
    return results;
  }
}

function readRow(row: CsvRow): Read {
  const teacherId = (row.cells['teacher_id'] ?? '').trim().toLowerCase();
  const yearText = (row.cells['year'] ?? '').trim();
  if (!UUID.test(teacherId)) {
    return {
      problem: { column: 'teacher_id', reason: 'teacher_id: ожидается идентификатор педагога (UUID)' },
    };
  }
  const year = /^[0-9]{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (!(year >= 2020 && year <= 2100)) {
    return { problem: { column: 'year', reason: `year: ожидается год от 2020 до 2100, а не «${yearText}»` } };
  }
  return { teacherId, year };
}

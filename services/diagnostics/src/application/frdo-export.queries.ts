import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import pLimit from 'p-limit';
import { frdoCompletions } from '../projections/frdo-completions/frdo-completions.projection';
import { programReplica } from '../projections/program-replica.projection';
import {
  type FrdoCompletion,
  type FrdoPerson,
  type FrdoProgram,
  type FrdoRow,
  frdoRowOf,
} from './frdo-export';
import { TeacherCommands } from './teacher.commands';

export interface FrdoPeriod {
  readonly region: string;
  /** YYYY-MM-DD, both days included. */
  readonly from: string;
  readonly to: string;
  /** Only this provider's documents (a provider's own export). */
  readonly providerId?: string;
}

/** Teachers' streams read and opened at once while a file is made. */
const TEACHERS_IN_FLIGHT = 8;

/** The months a period touches, YYYY-MM, in order. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current >= last) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/**
 * A period's completions as the register's rows. The completions of a month are an equality
 * (region, month, and the provider for a provider's file), read month by month; the program's card
 * comes from the catalog replica; the learner's names and СНИЛС are opened from the teacher's sealed
 * stream for this file only — nothing of them is stored or logged here.
 */
@Injectable()
export class FrdoExportQueries {
  constructor(
    @InjectReadModel(frdoCompletions) private readonly completions: ReadModelOf<typeof frdoCompletions>,
    @InjectReadModel(programReplica) private readonly catalog: ReadModelOf<typeof programReplica>,
    private readonly teachers: TeacherCommands,
  ) {}

  async rows(period: FrdoPeriod): Promise<FrdoRow[]> {
    const { region, from, to, providerId } = period;
    const found: (FrdoCompletion & { _id: string })[] = [];
    for (const month of monthsOf(from, to)) {
      found.push(
        ...(await this.completions
          .collection('frdo_completions')
          .find<Omit<FrdoCompletion, 'enrollmentId'> & { _id: string }>(
            { region, month, ...(providerId ? { providerId } : {}) },
            { fields: { _position: 0 } },
          )
          .then((documents) => documents.map((d) => ({ ...d, enrollmentId: d._id })))),
      );
    }
    const inPeriod = found
      .filter((c) => c.completedOn >= from && c.completedOn <= to)
      .sort(
        (a, b) =>
          a.completedOn.localeCompare(b.completedOn) ||
          a.certificateNumber.localeCompare(b.certificateNumber) ||
          a.enrollmentId.localeCompare(b.enrollmentId),
      );
    const limit = pLimit(TEACHERS_IN_FLIGHT);
    const programs = new Map(
      await Promise.all(
        [...new Set(inPeriod.map((c) => c.programId))].map((id) =>
          limit(async () => [id, await this.programOf(id)] as const),
        ),
      ),
    );
    const people = new Map(
      await Promise.all(
        [...new Set(inPeriod.map((c) => c.teacherId))].map((id) =>
          limit(async () => [id, await this.personOf(id)] as const),
        ),
      ),
    );
    return inPeriod.map((c) => frdoRowOf(c, programs.get(c.programId), people.get(c.teacherId)!));
  }

  private async programOf(programId: string): Promise<FrdoProgram | undefined> {
    const card = await this.catalog
      .collection('trajectory_programs')
      .findById<{ title?: string; kind?: string; format?: string }>(programId, {
        title: 1,
        kind: 1,
        format: 1,
      });
    return card?.title ? { title: card.title, kind: card.kind, format: card.format } : undefined;
  }

  private async personOf(teacherId: string): Promise<FrdoPerson> {
    const state = await this.teachers.state(teacherId);
    if (state.record === null) return { state: 'unknown' };
    const data = await this.teachers.personalData(teacherId, state);
    if (data.erased) return { state: 'erased' };
    const { lastName, firstName, patronymic, snils } = data;
    return { state: 'known', lastName, firstName, patronymic, snils };
  }
}

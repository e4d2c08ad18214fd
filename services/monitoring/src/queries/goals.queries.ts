import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { type GoalIndicator, goalIndicators, type GoalYear } from '../indicators/goals';
import {
  goalCounts,
  type GoalCountsCatalog,
  type GoalCountsYear,
} from '../projections/goal-counts/goal-counts.projection';

export interface GoalIndicators {
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  readonly indicators: GoalIndicator[];
}

/**
 * Goals 2–4 from the per-partition documents (goal-counts): the region's catalog documents and its
 * documents of the year and the year before — a few a partition — joined and added up into a
 * `GoalYear` for the scope and one for the region, which the definitions (indicators/goals.ts) read.
 */
@Injectable()
export class GoalQueries {
  constructor(@InjectReadModel(goalCounts) private readonly counts: ReadModelOf<typeof goalCounts>) {}

  async goals(scope: { region: string; municipalityId?: string }, year: number): Promise<GoalIndicators> {
    const { region, municipalityId } = scope;
    // three equality reads on the index (region, part, year): FerretDB keeps them on it
    const read = (filter: Record<string, unknown>) =>
      this.counts
        .collection('counts')
        .find<{ part: string; year: number | null; data: string | null }>(
          { region, ...filter },
          { fields: { part: 1, year: 1, data: 1 } },
        );
    const documents = (
      await Promise.all([
        read({ part: 'catalog' }),
        read({ part: 'year', year }),
        read({ part: 'year', year: year - 1 }),
      ])
    ).flat();
    const catalog: GoalCountsCatalog = { programs: {}, schools: {}, teachers: {}, experts: 0 };
    const parts = new Map<number, GoalCountsYear[]>([
      [year, []],
      [year - 1, []],
    ]);
    for (const document of documents) {
      if (document.data === null) continue;
      if (document.part === 'catalog') {
        const part = JSON.parse(document.data) as GoalCountsCatalog;
        Object.assign(catalog.programs, part.programs);
        Object.assign(catalog.schools, part.schools);
        for (const [municipality, n] of Object.entries(part.teachers))
          catalog.teachers[municipality] = (catalog.teachers[municipality] ?? 0) + n;
        (catalog as { experts: number }).experts += part.experts;
      } else parts.get(document.year!)?.push(JSON.parse(document.data) as GoalCountsYear);
    }
    const of = (y: number, municipality?: string) => goalYearOf(parts.get(y)!, catalog, municipality);
    const regionYears = { current: of(year), previous: of(year - 1) };
    return {
      region,
      year,
      municipalityId: municipalityId ?? null,
      indicators: goalIndicators(
        year,
        municipalityId === undefined
          ? regionYears
          : { current: of(year, municipalityId), previous: of(year - 1, municipalityId) },
        regionYears,
      ),
    };
  }
}

/**
 * One scope's year from the partitions' documents: the region's when no municipality is given. A
 * school's facts (completions, trajectories) are placed by the catalog's schools; the teachers of a
 * set (diagnosed on their own, proposed or accepting an ИОМ) are joined across partitions so each
 * counts once.
 */
export function goalYearOf(
  parts: readonly GoalCountsYear[],
  catalog: GoalCountsCatalog,
  municipalityId?: string,
): GoalYear {
  const here = (municipality: string | undefined) =>
    municipalityId === undefined || municipality === municipalityId;
  const firstReviews = { decided: 0, approved: 0 };
  const reviewDays: number[] = [];
  const completions = { all: 0, internship: 0, employerAssessed: 0 };
  const feedback = { ratings: 0, sum: 0, high: 0 };
  const voucherMoney: Record<string, number> = {};
  const selfDiagnosed = new Set<string>();
  const proposed = new Set<string>();
  const accepted = new Set<string>();
  let vouchersIssued = 0;
  let vouchersApplied = 0;
  for (const part of parts) {
    firstReviews.decided += part.firstReviews[0];
    firstReviews.approved += part.firstReviews[1];
    reviewDays.push(...part.reviewDays);
    feedback.ratings += part.feedback[0];
    feedback.sum += part.feedback[1];
    feedback.high += part.feedback[2];
    for (const [key, n] of Object.entries(part.completions)) {
      const [school, program] = key.split(' ');
      if (!here(catalog.schools[school!])) continue;
      const [internship, employers] = catalog.programs[program!] ?? [0, 0];
      completions.all += n;
      completions.internship += internship * n;
      completions.employerAssessed += employers * n;
    }
    for (const [key, amount] of Object.entries(part.money)) {
      const [municipality, provider] = key.split(' ');
      if (here(municipality)) voucherMoney[provider!] = (voucherMoney[provider!] ?? 0) + amount;
    }
    for (const [municipality, teachers] of Object.entries(part.selfDiagnosed))
      if (here(municipality)) for (const teacher of teachers) selfDiagnosed.add(teacher);
    for (const [school, [proposedHere, acceptedHere]] of Object.entries(part.trajectories)) {
      if (!here(catalog.schools[school])) continue;
      for (const teacher of proposedHere) proposed.add(teacher);
      for (const teacher of acceptedHere) accepted.add(teacher);
    }
    for (const [municipality, [issued, applied]] of Object.entries(part.vouchers))
      if (here(municipality)) {
        vouchersIssued += issued;
        vouchersApplied += applied;
      }
  }
  const teachers = Object.entries(catalog.teachers).reduce(
    (total, [municipality, n]) => (here(municipality) ? total + n : total),
    0,
  );
  return {
    firstReviews,
    reviewDays,
    completions,
    feedback,
    voucherMoney,
    teachers,
    selfDiagnosed: selfDiagnosed.size,
    trajectoriesProposed: proposed.size,
    // an acceptance counts against a proposal of the same scope: the share cannot pass 100 %
    trajectoriesAccepted: [...accepted].filter((teacher) => proposed.has(teacher)).length,
    vouchersIssued,
    vouchersApplied,
    experts: catalog.experts,
  };
}

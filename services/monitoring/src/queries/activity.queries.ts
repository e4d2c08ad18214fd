import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import {
  activityStatistics,
  type ActivityYear,
  ENROLLMENT_COUNTS,
} from '../projections/activity-statistics/activity-statistics.projection';
import { type CatalogData, samaraCounts } from '../projections/samara-counts/samara-counts.projection';

/** What the activity statistics are narrowed to; every filter is optional but the region and year. */
export interface ActivityFilter {
  readonly region: string;
  readonly year: number;
  readonly municipalityId?: string;
  /** One school: its enrollments; the vouchers' facts name no school, so they are left out. */
  readonly organizationId?: string;
  readonly providerId?: string;
  readonly programId?: string;
}

export interface ProviderShare {
  readonly providerId: string;
  readonly blocks: number;
  readonly amount: number;
  /** Percent of the money redeemed in the filter, one decimal. */
  readonly share: number;
}

export interface ActivityStatistics {
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  readonly organizationId: string | null;
  readonly providerId: string | null;
  readonly programId: string | null;
  readonly enrollments: Record<(typeof ENROLLMENT_COUNTS)[number], number> & {
    readonly notCompleted: number;
    /** Applications withdrawn before confirmation: their school, provider and program are not known. */
    readonly withdrawnBeforeConfirmation: number | null;
  };
  /** Belong to no municipality: the region's (narrowed by provider and program). */
  readonly groups: { readonly started: number; readonly cancelled: number };
  readonly reviews: {
    readonly approved: number;
    readonly returned: number;
    readonly rejected: number;
    /** Mean days from the case's opening to the decision, one decimal; null when none was timed. */
    readonly averageDays: number | null;
  };
  readonly feedback: {
    readonly ratings: number;
    /** Mean of each criterion (1–5), two decimals; null with no ratings. */
    readonly content: number | null;
    readonly practiceOrientation: number | null;
    readonly teachers: number | null;
    readonly organization: number | null;
  };
  /** Null for one school: the activity documents keep the money by municipality, not by school. */
  readonly vouchers: {
    readonly blocks: number;
    readonly amount: number;
    /** Providers paid for a block in the year. */
    readonly providersServing: number;
    /** Each provider's share of the money, largest first. */
    readonly providers: ProviderShare[];
  } | null;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The activity statistics from the per-partition documents (activity-statistics): a year's
 * documents of the region — one a partition — picked by their keys and summed. A municipality is
 * matched through its schools (the catalog's, from samara-counts); groups, reviews and ratings name no
 * school and are the region's.
 */
@Injectable()
export class ActivityQueries {
  constructor(
    @InjectReadModel(activityStatistics) private readonly activity: ReadModelOf<typeof activityStatistics>,
    @InjectReadModel(samaraCounts) private readonly counts: ReadModelOf<typeof samaraCounts>,
  ) {}

  async statistics(filter: ActivityFilter): Promise<ActivityStatistics> {
    const { region, year, municipalityId, organizationId, providerId, programId } = filter;
    const [parts, catalogs] = await Promise.all([
      this.activity
        .collection('activity')
        .find<{ data: string | null }>({ region, year }, { fields: { data: 1 } }),
      municipalityId === undefined
        ? Promise.resolve([])
        : this.counts
            .collection('counts')
            .find<{ data: string | null }>({ region, part: 'catalog' }, { fields: { data: 1 } }),
    ]);
    const schools = new Set<string>();
    for (const { data } of catalogs) {
      if (data === null) continue;
      for (const [organizationId, municipality] of Object.entries(
        (JSON.parse(data) as CatalogData).organizations,
      ))
        if (municipality === municipalityId) schools.add(organizationId);
    }
    const years = parts.flatMap(({ data }) => (data === null ? [] : [JSON.parse(data) as ActivityYear]));
    const matches = (provider: string, program: string) =>
      (providerId === undefined || provider === providerId) &&
      (programId === undefined || program === programId);
    const sum = (
      rows: (part: ActivityYear) => Record<string, number[]>,
      keep: (key: string[]) => boolean,
      width: number,
    ) => {
      const total = new Array<number>(width).fill(0);
      for (const part of years)
        for (const [key, counts] of Object.entries(rows(part)))
          if (keep(key.split(' '))) counts.forEach((n, i) => (total[i] = total[i]! + n));
      return total;
    };
    const enrollments = sum(
      (part) => part.enrollments,
      ([school, provider, program]) =>
        (municipalityId === undefined || schools.has(school!)) &&
        (organizationId === undefined || school === organizationId) &&
        matches(provider!, program!),
      ENROLLMENT_COUNTS.length,
    );
    const [started, cancelled] = sum(
      (part) => part.groups,
      ([p, q]) => matches(p!, q!),
      2,
    );
    const [approved, returned, rejected, days, timed] = sum(
      (part) => part.reviews,
      ([p, q]) => matches(p!, q!),
      5,
    );
    const [ratings, ...sums] = sum(
      (part) => part.feedback,
      ([p, q]) => matches(p!, q!),
      5,
    );
    const mean = (total: number) => (ratings === 0 ? null : round(total / ratings!, 2));
    // the money per provider, for the shares
    const byProvider = new Map<string, [number, number]>();
    for (const part of years)
      for (const [key, [blocks = 0, amount = 0]] of Object.entries(part.vouchers)) {
        const [municipality, provider, program] = key.split(' ');
        if (municipalityId !== undefined && municipality !== municipalityId) continue;
        if (!matches(provider!, program!)) continue;
        const counted = byProvider.get(provider!) ?? [0, 0];
        byProvider.set(provider!, [counted[0] + blocks, counted[1] + amount]);
      }
    const amount = [...byProvider.values()].reduce((total, [, paid]) => total + paid, 0);
    const providers = [...byProvider]
      .map(([provider, [blocks, paid]]) => ({
        providerId: provider,
        blocks,
        amount: paid,
        share: amount === 0 ? 0 : round((100 * paid) / amount, 1),
      }))
      .sort((a, b) => b.amount - a.amount || a.providerId.localeCompare(b.providerId));
    const counted = Object.fromEntries(ENROLLMENT_COUNTS.map((name, i) => [name, enrollments[i]!])) as Record<
      (typeof ENROLLMENT_COUNTS)[number],
      number
    >;
    const narrowed =
      municipalityId !== undefined ||
      organizationId !== undefined ||
      providerId !== undefined ||
      programId !== undefined;
    return {
      region,
      year,
      municipalityId: municipalityId ?? null,
      organizationId: organizationId ?? null,
      providerId: providerId ?? null,
      programId: programId ?? null,
      enrollments: {
        ...counted,
        notCompleted: counted.droppedOut + counted.failedFinalAssessment + counted.didNotAttend,
        // their school, provider and program are unknown: only the unfiltered region has them
        withdrawnBeforeConfirmation: narrowed
          ? null
          : years.reduce((total, part) => total + part.withdrawn, 0),
      },
      groups: { started: started!, cancelled: cancelled! },
      reviews: {
        approved: approved!,
        returned: returned!,
        rejected: rejected!,
        averageDays: timed === 0 ? null : round(days! / timed!, 1),
      },
      feedback: {
        ratings: ratings!,
        content: mean(sums[0]!),
        practiceOrientation: mean(sums[1]!),
        teachers: mean(sums[2]!),
        organization: mean(sums[3]!),
      },
      vouchers:
        organizationId === undefined
          ? {
              blocks: providers.reduce((n, p) => n + p.blocks, 0),
              amount,
              providersServing: providers.length,
              providers,
            }
          : null,
    };
  }
}

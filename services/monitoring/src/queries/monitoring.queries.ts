import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import type { SamaraIndicator } from '../indicators/samara';
import {
  type FigureYearData,
  figureCounts,
  type TerritoryData,
  VOUCHER_COUNTS,
} from '../projections/figure-counts/figure-counts.projection';
import { ComputedPerVersion, KeptDocuments } from './kept-documents';
import type { VoucherTotals } from '../projections/voucher-figures/voucher-figures.projection';

/** A region, or one municipality of it. */
export interface Scope {
  readonly region: string;
  readonly municipalityId?: string;
}

export interface Figures {
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  /** Of the scope: a municipality's own, or the region's. */
  readonly territory: {
    readonly teachers: number;
    readonly organizations: number;
    readonly internshipSites: number;
  };
  /** Belong to no municipality: always the region's. */
  readonly regionWide: {
    readonly providers: number;
    readonly programsApproved: number;
    readonly programsInReview: number;
    readonly activeExperts: number;
    readonly reviews: { readonly approved: number; readonly returned: number; readonly rejected: number };
    readonly droppedOut: number;
  };
  readonly vouchers: VoucherTotals;
  readonly enrollments: {
    readonly confirmed: number;
    readonly cancelled: number;
    readonly completed: number;
  };
}

export interface SamaraIndicators {
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  readonly indicators: SamaraIndicator[];
}

export interface MunicipalityIndicators {
  readonly municipalityId: string;
  readonly name: string;
  readonly indicators: SamaraIndicator[];
}

/**
 * The region in figures from the per-partition counts (figure-counts): the region's documents kept
 * parsed between requests and read again only when their stamps change (KeptDocuments), the figures
 * of a scope's year added up once per version of them. A municipality's own figures are its entries;
 * its enrollments are its schools' (the events name the school only), picked by the schools'
 * municipality the catalog's events gave.
 */
@Injectable()
export class MonitoringQueries {
  private readonly documents: KeptDocuments;
  private readonly computed = new ComputedPerVersion<Map<string, Figures>>(() => new Map());

  constructor(@InjectReadModel(figureCounts) counts: ReadModelOf<typeof figureCounts>) {
    this.documents = new KeptDocuments(() => counts.collection('counts'));
  }

  async statistics(scope: Scope, year: number): Promise<Figures> {
    const { version, documents } = await this.documents.read(scope.region);
    const computed = this.computed.of(scope.region, version);
    const key = `${year} ${scope.municipalityId ?? '*'}`;
    let figures = computed.get(key);
    if (!figures) {
      const territories = documents.filter((d) => d.part === 'territory').map((d) => d.data as TerritoryData);
      const years = documents
        .filter((d) => d.part === 'year' && d.year === year)
        .map((d) => d.data as FigureYearData);
      computed.set(key, (figures = figuresOf(scope, year, territories, years)));
    }
    return figures;
  }
}

/** A scope's figures of a year from the partitions' documents of its region. */
export function figuresOf(
  scope: Scope,
  year: number,
  territories: readonly TerritoryData[],
  years: readonly FigureYearData[],
): Figures {
  const municipal = scope.municipalityId;
  const sum = <T>(parts: readonly T[], of: (part: T) => number) =>
    parts.reduce((total, part) => total + of(part), 0);
  const territory = (index: number) =>
    sum(territories, (part) =>
      municipal === undefined
        ? Object.values(part.municipalities).reduce((total, counts) => total + (counts[index] ?? 0), 0)
        : (part.municipalities[municipal]?.[index] ?? 0),
    );
  const schools = new Set<string>();
  if (municipal !== undefined)
    for (const part of territories)
      for (const [organizationId, municipalityId] of Object.entries(part.organizations))
        if (municipalityId === municipal) schools.add(organizationId);
  const enrollments = (index: number) =>
    sum(years, (part) =>
      municipal === undefined
        ? (part.enrollments[index] ?? 0)
        : [...schools].reduce((total, school) => total + (part.schools[school]?.[index] ?? 0), 0),
    );
  const voucher = (name: (typeof VOUCHER_COUNTS)[number]) =>
    sum(years, (part) => part.vouchers[municipal ?? '*']?.[VOUCHER_COUNTS.indexOf(name)] ?? 0);
  return {
    region: scope.region,
    year,
    municipalityId: municipal ?? null,
    territory: { teachers: territory(0), organizations: territory(1), internshipSites: territory(2) },
    regionWide: {
      providers: sum(territories, (part) => part.providers),
      programsApproved: sum(territories, (part) => part.programsApproved),
      programsInReview: sum(territories, (part) => part.programsInReview),
      activeExperts: sum(territories, (part) => part.activeExperts),
      reviews: {
        approved: sum(years, (part) => part.reviews.approved),
        returned: sum(years, (part) => part.reviews.returned),
        rejected: sum(years, (part) => part.reviews.rejected),
      },
      droppedOut: sum(years, (part) => part.droppedOut),
    },
    vouchers: {
      issued: voucher('issued'),
      issuedAmount: voucher('issuedAmount'),
      reservedBlocks: voucher('reservedBlocks'),
      reservedAmount: voucher('reservedAmount'),
      redeemedBlocks: voucher('redeemedBlocks'),
      redeemedAmount: voucher('redeemedAmount'),
      releasedBlocks: voucher('releasedBlocks'),
      expired: voucher('expired'),
      revoked: voucher('revoked'),
      unspentAmount: voucher('unspentAmount'),
    },
    enrollments: { confirmed: enrollments(0), cancelled: enrollments(1), completed: enrollments(2) },
  };
}

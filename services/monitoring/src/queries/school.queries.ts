import { Injectable } from '@nestjs/common';
import { DomainError } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import { teacherDevelopment } from '../projections/teacher-development/teacher-development.projection';
import { type BlockState, voucherFigures } from '../projections/voucher-figures/voucher-figures.projection';

/** One school's figures for a year: what of the region in figures names a school. */
export interface SchoolFigures {
  readonly region: string;
  readonly year: number;
  readonly organizationId: string;
  readonly municipalityId: string;
  /** Teachers of the school in the register today. */
  readonly teachers: number;
  /** Vouchers issued to the school's teachers for the year's cycle, and their blocks' money. */
  readonly vouchers: {
    readonly issued: number;
    readonly issuedAmount: number;
    readonly reservedBlocks: number;
    readonly reservedAmount: number;
    readonly redeemedBlocks: number;
    readonly redeemedAmount: number;
    readonly releasedBlocks: number;
    readonly expired: number;
    readonly revoked: number;
    readonly unspentAmount: number;
  };
  readonly enrollments: {
    readonly confirmed: number;
    readonly cancelled: number;
    readonly completed: number;
  };
}

type VoucherDocument = { amount?: number; status?: string; unspentAmount?: number } & Record<string, unknown>;

const blocksOf = (voucher: VoucherDocument): BlockState[] =>
  Object.entries(voucher)
    .filter(([field]) => /^block\d+$/.test(field))
    .map(([, state]) => state as BlockState);

const sum = (documents: readonly { readonly amount?: number | null }[]): number =>
  documents.reduce((total, document) => total + (document.amount ?? 0), 0);

/**
 * The figures of one school, for its coordinator (and the region's people above it). Every read is
 * an equality on an indexed field: the teachers and vouchers by the school's municipality (then the
 * school, within a municipality's few thousand documents), the enrollments and completions by the
 * school and year. What names no school (providers, programs, experts, reviews, dropouts) is the
 * region's and not repeated here.
 */
@Injectable()
export class SchoolQueries {
  constructor(
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
    @InjectReadModel(teacherDevelopment) private readonly development: ReadModelOf<typeof teacherDevelopment>,
    @InjectReadModel(voucherFigures) private readonly vouchers: ReadModelOf<typeof voucherFigures>,
  ) {}

  /** The school's municipality; 404 `organization-not-found` for a school the region does not have. */
  async municipalityOf(region: string, organizationId: string): Promise<string> {
    const school = await this.figures
      .collection('organizations')
      .findById<{ region?: string; municipalityId?: string }>(organizationId, {
        region: 1,
        municipalityId: 1,
      });
    if (school === null || school.region !== region || school.municipalityId === undefined) {
      throw new DomainError(
        'organization-not-found',
        `organizationId: образовательная организация ${organizationId} в регионе ${region} не найдена`,
      );
    }
    return school.municipalityId;
  }

  async figuresOf(region: string, organizationId: string, year: number): Promise<SchoolFigures> {
    const municipalityId = await this.municipalityOf(region, organizationId);
    const school = { organizationId, year };
    const [teachers, vouchers, confirmed, cancelled, completed] = await Promise.all([
      this.figures.collection('teachers').count({ municipalityId, organizationId }),
      this.vouchers.collection('vouchers').find<VoucherDocument>({ municipalityId, year, organizationId }),
      this.development.collection('enrollments').count({ ...school, status: 'confirmed' }),
      this.development.collection('enrollments').count({ ...school, status: 'cancelled' }),
      this.development.collection('outcomes').count({ ...school, outcome: 'completed' }),
    ]);
    const blocks = vouchers.flatMap(blocksOf);
    const blocksIn = (status: BlockState['status']) => blocks.filter((block) => block.status === status);
    return {
      region,
      year,
      organizationId,
      municipalityId,
      teachers,
      vouchers: {
        issued: vouchers.length,
        issuedAmount: sum(vouchers),
        reservedBlocks: blocksIn('reserved').length,
        reservedAmount: sum(blocksIn('reserved')),
        redeemedBlocks: blocksIn('redeemed').length,
        redeemedAmount: sum(blocksIn('redeemed')),
        releasedBlocks: blocksIn('released').length,
        expired: vouchers.filter((voucher) => voucher.status === 'expired').length,
        revoked: vouchers.filter((voucher) => voucher.status === 'revoked').length,
        unspentAmount: vouchers.reduce((total, voucher) => total + (voucher.unspentAmount ?? 0), 0),
      },
      enrollments: { confirmed, cancelled, completed },
    };
  }
}

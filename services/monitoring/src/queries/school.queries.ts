import { Injectable } from '@nestjs/common';
import { DomainError } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import { teacherDevelopment } from '../projections/teacher-development/teacher-development.projection';
import {
  type VoucherDocument,
  type VoucherTotals,
  voucherFigures,
  voucherTotalsOf,
} from '../projections/voucher-figures/voucher-figures.projection';

/** One school's figures for a year: what of the region in figures names a school. */
export interface SchoolFigures {
  readonly region: string;
  readonly year: number;
  readonly organizationId: string;
  readonly municipalityId: string;
  /** Teachers of the school in the register today. */
  readonly teachers: number;
  /** Vouchers issued to the school's teachers for the year's cycle, and their blocks' money. */
  readonly vouchers: VoucherTotals;
  readonly enrollments: {
    readonly confirmed: number;
    readonly cancelled: number;
    readonly completed: number;
  };
}

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
    return {
      region,
      year,
      organizationId,
      municipalityId,
      teachers,
      vouchers: voucherTotalsOf(vouchers),
      enrollments: { confirmed, cancelled, completed },
    };
  }
}

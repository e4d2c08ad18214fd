import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import {
  type CompletionFact,
  type SamaraFacts,
  type SamaraIndicator,
  samaraIndicators,
} from '../indicators/samara';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import { teacherDevelopment } from '../projections/teacher-development/teacher-development.projection';
import { voucherFigures } from '../projections/voucher-figures/voucher-figures.projection';

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

const sum = (documents: readonly { readonly amount?: number | null }[]): number =>
  documents.reduce((total, document) => total + (document.amount ?? 0), 0);

/**
 * What monitoring answers, over its three read models. Every read is an equality on indexed fields
 * (docs/read-models.md, rules 2–4). Events that name a school but not its municipality (trajectories,
 * enrollments, completions) are selected by region and year and kept when their school is one of the
 * municipality's; vouchers' blocks likewise through their voucher.
 */
@Injectable()
export class MonitoringQueries {
  constructor(
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
    @InjectReadModel(teacherDevelopment) private readonly development: ReadModelOf<typeof teacherDevelopment>,
    @InjectReadModel(voucherFigures) private readonly vouchers: ReadModelOf<typeof voucherFigures>,
  ) {}

  /** The scope's filter: the region, narrowed to the municipality when one is asked. */
  private territoryOf(scope: Scope): Record<string, string> {
    return scope.municipalityId === undefined
      ? { region: scope.region }
      : { region: scope.region, municipalityId: scope.municipalityId };
  }

  /** Keeps what belongs to the scope's schools; everything when the scope is the region. */
  private async schoolsOf(scope: Scope): Promise<(organizationId: string | null | undefined) => boolean> {
    if (scope.municipalityId === undefined) return () => true;
    const schools = await this.figures
      .collection('organizations')
      .find<{ _id: string }>(this.territoryOf(scope), { fields: { _id: 1 } });
    const ids = new Set(schools.map((school) => school._id));
    return (organizationId) => organizationId != null && ids.has(organizationId);
  }

  async samara(scope: Scope, year: number): Promise<SamaraIndicators> {
    const territory = this.territoryOf(scope);
    const inScope = await this.schoolsOf(scope);
    const years = [year - 1, year];
    const [teachers, deficits, trajectories, outcomes, categoryAwards, programs] = await Promise.all([
      this.figures.collection('teachers').count(territory),
      // every year's: a course of this year may answer a deficit found before (the read is the scope's)
      this.development
        .collection('deficits')
        .find<{ teacherId: string; competency: string; year: number }>(territory, {
          fields: { teacherId: 1, competency: 1, year: 1 },
        }),
      this.eachYear(years, (y) =>
        this.development
          .collection('trajectories')
          .find<{ teacherId: string; organizationId: string; year: number }>({
            region: scope.region,
            year: y,
          }),
      ),
      this.eachYear(years, (y) =>
        this.development.collection('outcomes').find<CompletionFact & { organizationId: string }>({
          region: scope.region,
          year: y,
          outcome: 'completed',
        }),
      ),
      this.eachYear(years, (y) =>
        this.development
          .collection('categoryAwards')
          .find<{ teacherId: string; year: number }>({ ...territory, year: y }),
      ),
      this.programsOf(scope.region),
    ]);
    const facts: SamaraFacts = {
      teachers,
      deficits: deficits.filter((deficit) => deficit.year <= year),
      trajectories: trajectories.filter((trajectory) => inScope(trajectory.organizationId)),
      completions: outcomes.filter((completion) => inScope(completion.organizationId)),
      categoryAwards,
      ...programs,
    };
    return {
      region: scope.region,
      year,
      municipalityId: scope.municipalityId ?? null,
      indicators: samaraIndicators(facts, year),
    };
  }

  /**
   * The indicators of every municipality of the region at once: the region's facts read once and
   * split by municipality (schools resolve those whose events name no municipality), rather than
   * one set of reads per municipality.
   */
  async samaraByMunicipality(region: string, year: number): Promise<MunicipalityIndicators[]> {
    const years = [year - 1, year];
    const [municipalities, schools, deficits, trajectories, outcomes, categoryAwards, programs] =
      await Promise.all([
        this.figures.collection('municipalities').find<{ _id: string; name: string }>({ region }),
        this.figures
          .collection('organizations')
          .find<{ _id: string; municipalityId: string }>({ region }, { fields: { municipalityId: 1 } }),
        this.development
          .collection('deficits')
          .find<{ teacherId: string; competency: string; year: number; municipalityId: string }>(
            { region },
            { fields: { teacherId: 1, competency: 1, year: 1, municipalityId: 1 } },
          ),
        this.eachYear(years, (y) =>
          this.development
            .collection('trajectories')
            .find<{ teacherId: string; organizationId: string; year: number }>({ region, year: y }),
        ),
        this.eachYear(years, (y) =>
          this.development
            .collection('outcomes')
            .find<CompletionFact & { organizationId: string }>({ region, year: y, outcome: 'completed' }),
        ),
        this.eachYear(years, (y) =>
          this.development
            .collection('categoryAwards')
            .find<{ teacherId: string; year: number; municipalityId: string }>({ region, year: y }),
        ),
        this.programsOf(region),
      ]);
    const municipalityOf = new Map(schools.map((school) => [school._id, school.municipalityId]));
    const rows: MunicipalityIndicators[] = [];
    // one count per municipality: each decodes that municipality's teachers only
    for (const municipality of municipalities) {
      const id = municipality._id;
      const teachers = await this.figures.collection('teachers').count({ region, municipalityId: id });
      const facts: SamaraFacts = {
        teachers,
        deficits: deficits.filter((deficit) => deficit.municipalityId === id && deficit.year <= year),
        trajectories: trajectories.filter(
          (trajectory) => municipalityOf.get(trajectory.organizationId) === id,
        ),
        completions: outcomes.filter((completion) => municipalityOf.get(completion.organizationId) === id),
        categoryAwards: categoryAwards.filter((award) => award.municipalityId === id),
        ...programs,
      };
      rows.push({ municipalityId: id, name: municipality.name, indicators: samaraIndicators(facts, year) });
    }
    return rows;
  }

  private async programsOf(
    region: string,
  ): Promise<Pick<SamaraFacts, 'programCompetencies' | 'approvedCompetencies'>> {
    const programs = await this.figures
      .collection('programs')
      .find<{ _id: string; competencies?: string[]; status?: string }>(
        { region },
        { fields: { competencies: 1, status: 1 } },
      );
    return {
      programCompetencies: new Map(programs.map((program) => [program._id, program.competencies ?? []])),
      approvedCompetencies: new Set(
        programs
          .filter((program) => program.status === 'approved')
          .flatMap((program) => program.competencies ?? []),
      ),
    };
  }

  async statistics(scope: Scope, year: number): Promise<Figures> {
    const territory = this.territoryOf(scope);
    const region = { region: scope.region };
    const inScope = await this.schoolsOf(scope);
    const figures = this.figures;
    const [
      teachers,
      organizations,
      internshipSites,
      providers,
      programsApproved,
      programsInReview,
      activeExperts,
    ] = await Promise.all([
      figures.collection('teachers').count(territory),
      figures.collection('organizations').count(territory),
      figures.collection('internshipSites').count(territory),
      figures.collection('providers').count(region),
      figures.collection('programs').count({ ...region, status: 'approved' }),
      figures.collection('programs').count({ ...region, status: 'submitted' }),
      figures.collection('experts').count({ ...region, active: true }),
    ]);
    const [approved, returned, rejected, droppedOut] = await Promise.all([
      ...(['approved', 'returned', 'rejected'] as const).map((outcome) =>
        figures.collection('reviews').count({ ...region, year, outcome }),
      ),
      this.development.collection('outcomes').count({ ...region, year, outcome: 'dropped-out' }),
    ]);
    const [vouchers, blocks, enrollments, completed] = await Promise.all([
      this.vouchers
        .collection('vouchers')
        .find<{ _id: string; amount?: number; status?: string; unspentAmount?: number }>({
          ...territory,
          year,
        }),
      this.vouchers
        .collection('blocks')
        .find<{ voucherId: string; status: string; amount?: number }>({ ...region, year }),
      this.development
        .collection('enrollments')
        .find<{ organizationId: string; status: string }>(
          { ...region, year },
          { fields: { organizationId: 1, status: 1 } },
        ),
      this.development
        .collection('outcomes')
        .find<{ organizationId: string }>(
          { ...region, year, outcome: 'completed' },
          { fields: { organizationId: 1 } },
        ),
    ]);
    const voucherIds = new Set(vouchers.map((voucher) => voucher._id));
    const ownBlocks = blocks.filter((block) => voucherIds.has(block.voucherId));
    const blocksIn = (status: string) => ownBlocks.filter((block) => block.status === status);
    const ownEnrollments = enrollments.filter((enrollment) => inScope(enrollment.organizationId));
    return {
      region: scope.region,
      year,
      municipalityId: scope.municipalityId ?? null,
      territory: { teachers, organizations, internshipSites },
      regionWide: {
        providers,
        programsApproved,
        programsInReview,
        activeExperts,
        reviews: { approved: approved!, returned: returned!, rejected: rejected! },
        droppedOut: droppedOut!,
      },
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
      enrollments: {
        confirmed: ownEnrollments.filter((enrollment) => enrollment.status === 'confirmed').length,
        cancelled: ownEnrollments.filter((enrollment) => enrollment.status === 'cancelled').length,
        completed: completed.filter((completion) => inScope(completion.organizationId)).length,
      },
    };
  }

  private async eachYear<T>(years: readonly number[], read: (year: number) => Promise<T[]>): Promise<T[]> {
    return (await Promise.all(years.map(read))).flat();
  }
}

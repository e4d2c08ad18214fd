// The old paths of monitoring's admin queries, every fact of the scope gathered and counted per
// request (MonitoringQueries before the counts were kept ahead): the Samara indicators from
// teacher-development and region-figures (95 s region-wide at Samara's size), and the region in
// figures from region-figures, teacher-development and voucher-figures (37 s). No longer served: kept
// as the benchmark's peer (indicators-bench.ts) and as the reference the figure counts are checked
// against (figure-counts.projection.spec.ts), since they count the gathered documents one by one.
import pLimit from 'p-limit';
import type { ReadModelOf } from '@pk/projections';
import { type CompletionFact, type SamaraFacts, samaraIndicators } from '../src/indicators/samara';
import type { regionFigures } from '../src/projections/region-figures/region-figures.projection';
import type { teacherDevelopment } from '../src/projections/teacher-development/teacher-development.projection';
import {
  type VoucherDocument,
  type voucherFigures,
  voucherTotalsOf,
} from '../src/projections/voucher-figures/voucher-figures.projection';
import type {
  Figures,
  MunicipalityIndicators,
  SamaraIndicators,
  Scope,
} from '../src/queries/monitoring.queries';

/** Reads of a municipality's schools in flight at once: one read model connection serves them all. */
const READS_IN_FLIGHT = 8;

/** Reads documents of a scope's schools: `read` is called with each filter the scope needs. */
type SchoolReader = <T>(
  filter: Record<string, unknown>,
  read: (filter: Record<string, unknown>) => Promise<T[]>,
) => Promise<T[]>;

/** The sum of a count over the scope's schools. */
async function countOf(
  ofSchools: SchoolReader,
  filter: Record<string, unknown>,
  count: (filter: Record<string, unknown>) => Promise<number>,
): Promise<number> {
  const counts = await ofSchools(filter, async (f) => [await count(f)]);
  return counts.reduce((total, n) => total + n, 0);
}

/**
 * What monitoring answered, over its three read models. Every read is an equality on indexed fields
 * (docs/read-models.md, rules 2–4). Facts whose events name a school but not its municipality
 * (trajectories, enrollments, completions) are read school by school for a municipality — a read
 * per school and year, each a screen's worth — and by region and year for the region.
 */
export class EveryFactGathered {
  constructor(
    private readonly figures: ReadModelOf<typeof regionFigures>,
    private readonly development: ReadModelOf<typeof teacherDevelopment>,
    private readonly vouchers: ReadModelOf<typeof voucherFigures>,
  ) {}

  /** The scope's filter: the region, narrowed to the municipality when one is asked. */
  private territoryOf(scope: Scope): Record<string, string> {
    return scope.municipalityId === undefined
      ? { region: scope.region }
      : { region: scope.region, municipalityId: scope.municipalityId };
  }

  /**
   * Reads the scope's schools' documents matching a filter: for a municipality one read per school,
   * READS_IN_FLIGHT at once across every read of the request; for the region one read by region.
   * The municipality's schools are read once per request.
   */
  private async schoolReader(scope: Scope): Promise<SchoolReader> {
    if (scope.municipalityId === undefined)
      return (filter, read) => read({ region: scope.region, ...filter });
    const schools = await this.schoolsOf(scope);
    const limit = pLimit(READS_IN_FLIGHT);
    return async (filter, read) =>
      (
        await Promise.all(schools.map((organizationId) => limit(() => read({ organizationId, ...filter }))))
      ).flat();
  }

  private async schoolsOf(scope: Scope): Promise<string[]> {
    const schools = await this.figures
      .collection('organizations')
      .find<{ _id: string }>(this.territoryOf(scope), { fields: { _id: 1 } });
    return schools.map((school) => school._id);
  }

  async samara(scope: Scope, year: number): Promise<SamaraIndicators> {
    const territory = this.territoryOf(scope);
    const years = [year - 1, year];
    const trajectories = this.development.collection('trajectories');
    const ofSchools = await this.schoolReader(scope);
    const outcomes = this.development.collection('outcomes');
    const [teachers, deficits, trajectoryFacts, completions, categoryAwards, programs] = await Promise.all([
      this.figures.collection('teachers').count(territory),
      // every year's: a course of this year may answer a deficit found before
      this.development
        .collection('deficits')
        .find<{ teacherId: string; competency: string; year: number }>(territory, {
          fields: { teacherId: 1, competency: 1, year: 1 },
        }),
      this.eachYear(years, (y) =>
        ofSchools({ year: y }, (filter) =>
          trajectories.find<{ teacherId: string; year: number }>(filter, {
            fields: { teacherId: 1, year: 1 },
          }),
        ),
      ),
      this.eachYear(years, (y) =>
        ofSchools({ year: y, outcome: 'completed' }, (filter) =>
          outcomes.find<CompletionFact>(filter, { fields: { teacherId: 1, programId: 1, kind: 1, year: 1 } }),
        ),
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
      trajectories: trajectoryFacts,
      completions,
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
    // one count per municipality, a few at once: each decodes that municipality's teachers only
    const limit = pLimit(READS_IN_FLIGHT);
    const teachersOf = await Promise.all(
      municipalities.map((municipality) =>
        limit(() => this.figures.collection('teachers').count({ region, municipalityId: municipality._id })),
      ),
    );
    return municipalities.map((municipality, i) => {
      const id = municipality._id;
      const facts: SamaraFacts = {
        teachers: teachersOf[i]!,
        deficits: deficits.filter((deficit) => deficit.municipalityId === id && deficit.year <= year),
        trajectories: trajectories.filter(
          (trajectory) => municipalityOf.get(trajectory.organizationId) === id,
        ),
        completions: outcomes.filter((completion) => municipalityOf.get(completion.organizationId) === id),
        categoryAwards: categoryAwards.filter((award) => award.municipalityId === id),
        ...programs,
      };
      return { municipalityId: id, name: municipality.name, indicators: samaraIndicators(facts, year) };
    });
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
    const figures = this.figures;
    const enrollments = this.development.collection('enrollments');
    const ofSchools = await this.schoolReader(scope);
    const outcomes = this.development.collection('outcomes');
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
      outcomes.count({ ...region, year, outcome: 'dropped-out' }),
    ]);
    const [vouchers, confirmed, cancelled, completed] = await Promise.all([
      this.vouchers.collection('vouchers').find<VoucherDocument>({ ...territory, year }),
      countOf(ofSchools, { year, status: 'confirmed' }, (filter) => enrollments.count(filter)),
      countOf(ofSchools, { year, status: 'cancelled' }, (filter) => enrollments.count(filter)),
      countOf(ofSchools, { year, outcome: 'completed' }, (filter) => outcomes.count(filter)),
    ]);
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
      vouchers: voucherTotalsOf(vouchers),
      enrollments: { confirmed, cancelled, completed },
    };
  }

  private async eachYear<T>(years: readonly number[], read: (year: number) => Promise<T[]>): Promise<T[]> {
    return (await Promise.all(years.map(read))).flat();
  }
}

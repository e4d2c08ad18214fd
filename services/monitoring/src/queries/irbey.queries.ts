import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import type { ReadModelOf } from '@pk/projections';
import { EventSourcing, InjectReadModel } from '@pk/service-runtime';
import { irbeyCriteria } from '../domain/irbey-criteria.decider';
import {
  type IrbeyAttemptFact,
  type IrbeyCompletionFact,
  type IrbeyDeficitFact,
  type IrbeyEnrollmentFact,
  type IrbeyFacts,
  type IrbeyProgram,
  type IrbeyRecord,
  type IrbeyResult,
  irbeyIndicators,
  type IrbeyNotCompletedFact,
  type IrbeyTrajectoryFact,
} from '../indicators/irbey';
import type { RecommendationFacts } from '../reports/report-data';
import { irbeyFacts } from '../projections/irbey-facts/irbey-facts.projection';
import { regionFigures } from '../projections/region-figures/region-figures.projection';

/** Education that meets the professional standard «Педагог» without retraining. */
const PEDAGOGICAL_EDUCATION = ['higher-pedagogical', 'vocational-pedagogical'];

export interface MunicipalityIrbey extends IrbeyResult {
  readonly municipalityId: string;
  readonly name: string;
}

export interface IrbeyAnswer {
  readonly region: string;
  readonly year: number;
  readonly municipalities: MunicipalityIrbey[];
}

type Located = { readonly organizationId?: string };
type SchoolFacts = 'trajectories' | 'enrollments' | 'courseEnds';

/** Reads of a municipality's schools in flight at once: one read model connection serves them all. */
const READS_IN_FLIGHT = 8;
type WithMunicipality = { readonly municipalityId?: string };

/** The programs of the region, at their latest revision: what the Irbey rows and recommendations read. */
export type ProgramsById = ReadonlyMap<string, IrbeyProgram>;

/**
 * The Irbey monitoring of a region's municipalities (or one of them) for a year and the year
 * before. The facts of the region's two years are read once and split by municipality: the
 * municipality's own (deficits, attempts) by their `municipalityId`, those whose events name only
 * the school (routes, enrollments, course ends) through the catalog's organizations.
 */
@Injectable()
export class IrbeyQueries {
  constructor(
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
    @InjectReadModel(irbeyFacts) private readonly facts: ReadModelOf<typeof irbeyFacts>,
    private readonly eventSourcing: EventSourcing,
  ) {}

  async irbey(region: string, year: number, municipalityId?: string): Promise<IrbeyAnswer> {
    const territory = municipalityId === undefined ? { region } : { region, municipalityId };
    const years = [year - 1, year];
    const schools = await this.figures
      .collection('organizations')
      .find<{ _id: string; municipalityId: string }>(territory, { fields: { municipalityId: 1 } });
    // Facts whose events name only the school: the region's by region and year; a municipality's
    // school by school (an equality on an index each, READS_IN_FLIGHT at once), so a municipal
    // answer costs what the municipality holds, not what the region does.
    const limit = pLimit(READS_IN_FLIGHT);
    const ofYears = <T>(collection: SchoolFacts, filter: Record<string, unknown> = {}): Promise<T[]> =>
      Promise.all(
        years.flatMap((y) =>
          municipalityId === undefined
            ? [this.facts.collection(collection).find<T>({ region, year: y, ...filter })]
            : schools.map((school) =>
                limit(() =>
                  this.facts
                    .collection(collection)
                    .find<T>({ organizationId: school._id, year: y, ...filter }),
                ),
              ),
        ),
      ).then((lists) => lists.flat());
    const [municipalities, teachers, deficits, attempts, trajectories, enrollments, courseEnds, programs] =
      await Promise.all([
        this.figures
          .collection('municipalities')
          .find<{ _id: string; name?: string }>(
            municipalityId === undefined ? { region } : { region, _id: municipalityId },
          ),
        this.figures.collection('teachers').find<{ municipalityId: string; position?: string }>(territory, {
          fields: { municipalityId: 1, position: 1 },
        }),
        this.facts.collection('deficits').find<IrbeyDeficitFact & WithMunicipality>(territory),
        Promise.all(
          years.map((y) =>
            this.facts
              .collection('attempts')
              .find<IrbeyAttemptFact & WithMunicipality>({ ...territory, year: y }),
          ),
        ).then((lists) => lists.flat()),
        ofYears<IrbeyTrajectoryFact & Located>('trajectories'),
        ofYears<IrbeyEnrollmentFact>('enrollments', { status: 'confirmed' }),
        ofYears<IrbeyCompletionFact & { outcome: string } & Located>('courseEnds'),
        this.programsOf(region),
      ]);
    const municipalityOf = new Map(schools.map((school) => [school._id, school.municipalityId]));
    const inMunicipality =
      (id: string) =>
      (fact: Located): boolean =>
        fact.organizationId !== undefined && municipalityOf.get(fact.organizationId) === id;
    const records = await Promise.all(
      municipalities.map((municipality) => this.recordsOf(municipality._id, years)),
    );
    return {
      region,
      year,
      municipalities: municipalities
        .map((municipality, i) => {
          const id = municipality._id;
          const own = teachers.filter((teacher) => teacher.municipalityId === id);
          const ends = courseEnds.filter(inMunicipality(id));
          const facts: IrbeyFacts = {
            teachers: own.length,
            schools: schools.filter((school) => school.municipalityId === id).length,
            positions: [...new Set(own.flatMap((teacher) => (teacher.position ? [teacher.position] : [])))],
            deficits: deficits.filter((deficit) => deficit.municipalityId === id && deficit.year <= year),
            completions: ends.filter((end) => end.outcome === 'completed'),
            notCompleted: ends.filter((end) => end.outcome === 'not-completed') as IrbeyNotCompletedFact[],
            enrollments: enrollments.filter(inMunicipality(id)),
            trajectories: trajectories.filter(inMunicipality(id)),
            attempts: attempts.filter((attempt) => attempt.municipalityId === id),
            programs,
            records: records[i]!,
          };
          return { municipalityId: id, name: municipality.name ?? id, ...irbeyIndicators(facts, year) };
        })
        .sort(
          (a, b) => a.name.localeCompare(b.name, 'ru') || a.municipalityId.localeCompare(b.municipalityId),
        ),
    };
  }

  /**
   * What the report's recommendations are drawn from: the scope's deficits of the year, its
   * teachers, the programs, and the teachers whose education is not pedagogical and who have not
   * completed a retraining (the professional standard asks for pedagogical education or it).
   */
  async recommendationFacts(
    region: string,
    year: number,
    municipalityId?: string,
  ): Promise<RecommendationFacts> {
    const territory = municipalityId === undefined ? { region } : { region, municipalityId };
    const [teachers, deficits, programs, ends] = await Promise.all([
      this.figures
        .collection('teachers')
        .find<{ _id: string; position?: string; education?: string }>(territory, {
          fields: { position: 1, education: 1 },
        }),
      this.facts
        .collection('deficits')
        .find<{ teacherId: string; competency: string }>(
          { ...territory, year },
          { fields: { teacherId: 1, competency: 1 } },
        ),
      this.programsOf(region),
      this.facts
        .collection('courseEnds')
        .find<{ teacherId: string; programId: string; outcome: string; year: number }>(
          { region },
          { fields: { teacherId: 1, programId: 1, outcome: 1, year: 1 } },
        ),
    ]);
    const retrained = new Set(
      ends
        .filter(
          (end) =>
            end.outcome === 'completed' &&
            end.year <= year &&
            programs.get(end.programId)?.kind === 'retraining',
        )
        .map((end) => end.teacherId),
    );
    const byPosition = new Map<string, number>();
    for (const teacher of teachers) {
      if (PEDAGOGICAL_EDUCATION.includes(teacher.education ?? '') || retrained.has(teacher._id)) continue;
      const position = teacher.position ?? 'teacher';
      byPosition.set(position, (byPosition.get(position) ?? 0) + 1);
    }
    return {
      teachers: teachers.length,
      deficits,
      programs,
      notPedagogical: [...byPosition.entries()].map(([position, count]) => ({ position, teachers: count })),
    };
  }

  /** The region's programs by id, at their latest revision. */
  async programsOf(region: string): Promise<Map<string, IrbeyProgram>> {
    const programs = await this.facts.collection('programs').find<IrbeyProgram & { _id: string }>({ region });
    return new Map(
      programs.map(({ _id, ...program }) => [
        _id,
        {
          ...program,
          competencies: program.competencies ?? [],
          targetPositions: program.targetPositions ?? [],
          employerAssessment: program.employerAssessment ?? false,
        },
      ]),
    );
  }

  private async recordsOf(municipalityId: string, years: readonly number[]): Promise<IrbeyRecord[]> {
    const states = await Promise.all(
      years.map((y) => this.eventSourcing.state(irbeyCriteria, municipalityId, y)),
    );
    return states.flatMap((state) => state.records);
  }
}

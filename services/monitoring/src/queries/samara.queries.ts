import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import {
  indicatorsFrom,
  noTeacherYear,
  type RegionPrograms,
  type ScopeYearCounts,
  SAMARA_GOAL_1,
  teacherNumeratorsReading,
  type TeacherYear,
} from '../indicators/samara';
import { regionFigures } from '../projections/region-figures/region-figures.projection';
import {
  type CatalogData,
  type FirstsData,
  municipalityScope,
  REGION_SCOPE,
  type RegisterData,
  samaraCounts,
  type SchoolsData,
  type YearData,
} from '../projections/samara-counts/samara-counts.projection';
import type { MunicipalityIndicators, SamaraIndicators, Scope } from './monitoring.queries';

type Part = { data: string | null; municipalityId?: string | null };

const COURSE_PREDICATES = teacherNumeratorsReading('courses');
const PARTITION_COUNTED = SAMARA_GOAL_1.flatMap((definition) =>
  definition.numerator.unit === 'teacher' && definition.numerator.reads !== 'courses' ? [definition.id] : [],
);

/** What a request read of the counts, parsed: the partitions' documents of one region. */
interface Read {
  readonly register: RegisterData[];
  readonly catalog: {
    readonly municipalityOf: ReadonlyMap<string, string>;
    readonly programs: RegionPrograms;
  };
  readonly years: ReadonlyMap<number, YearData[]>;
  /** The per-school counts of each year: read for a municipal answer only. */
  readonly schools: ReadonlyMap<number, SchoolsData[]>;
  /** Per municipality, per teacher, per competency: the first year found there. */
  readonly firsts: ReadonlyMap<string, FirstsData[]>;
}

/**
 * The Samara indicators from the per-partition counts (samara-counts): a region-wide answer reads
 * the region's few dozen documents — its register, catalog, the two years and the deficits' first
 * years — whatever its teachers, and a municipal one the same less the other municipalities' first
 * years. The counts of a scope's year are added up here and divided by the definitions (samara.ts).
 */
@Injectable()
export class SamaraQueries {
  constructor(
    @InjectReadModel(samaraCounts) private readonly counts: ReadModelOf<typeof samaraCounts>,
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
  ) {}

  async samara(scope: Scope, year: number): Promise<SamaraIndicators> {
    const read = await this.read(
      scope.region,
      year,
      scope.municipalityId,
      scope.municipalityId !== undefined,
    );
    const indicators = indicatorsFrom(
      countsOf(read, year, scope.municipalityId),
      countsOf(read, year - 1, scope.municipalityId),
      read.catalog.programs,
      year,
    );
    return { region: scope.region, year, municipalityId: scope.municipalityId ?? null, indicators };
  }

  /** Every municipality of the region from one read of the region's counts. */
  async samaraByMunicipality(region: string, year: number): Promise<MunicipalityIndicators[]> {
    const [municipalities, read] = await Promise.all([
      this.figures
        .collection('municipalities')
        .find<{ _id: string; name: string }>({ region }, { fields: { name: 1 } }),
      this.read(region, year, undefined, true),
    ]);
    return municipalities.map(({ _id, name }) => ({
      municipalityId: _id,
      name,
      indicators: indicatorsFrom(
        countsOf(read, year, _id),
        countsOf(read, year - 1, _id),
        read.catalog.programs,
        year,
      ),
    }));
  }

  private async read(
    region: string,
    year: number,
    municipalityId: string | undefined,
    perMunicipality: boolean,
  ): Promise<Read> {
    const counts = this.counts.collection('counts');
    const fields = { data: 1, municipalityId: 1 } as const;
    const parts = (filter: Record<string, unknown>) =>
      counts
        .find<Part>({ region, ...filter }, { fields })
        // a document the partition's state no longer adds up to is kept with its fields emptied
        .then((documents) => documents.filter((document) => typeof document.data === 'string'));
    const [register, catalog, current, previous, firsts, schools, schoolsBefore] = await Promise.all([
      parts({ part: 'register' }),
      parts({ part: 'catalog' }),
      parts({ part: 'year', year }),
      parts({ part: 'year', year: year - 1 }),
      parts(municipalityId === undefined ? { part: 'firsts' } : { part: 'firsts', municipalityId }),
      // a region-wide answer has the region's counts; a municipality adds up its schools'
      perMunicipality ? parts({ part: 'schools', year }) : Promise.resolve([]),
      perMunicipality ? parts({ part: 'schools', year: year - 1 }) : Promise.resolve([]),
    ]);
    const catalogs = catalog.map((document) => JSON.parse(document.data!) as CatalogData);
    const municipalityOf = new Map<string, string>();
    const programCompetencies = new Map<string, readonly string[]>();
    const approvedCompetencies = new Set<string>();
    for (const part of catalogs) {
      for (const [organizationId, municipality] of Object.entries(part.organizations))
        municipalityOf.set(organizationId, municipality);
      for (const [programId, competencies] of Object.entries(part.programs))
        programCompetencies.set(programId, competencies);
      for (const [competency, approved] of Object.entries(part.approved))
        if (approved > 0) approvedCompetencies.add(competency);
    }
    const firstsOf = new Map<string, FirstsData[]>();
    for (const document of firsts) {
      const list = firstsOf.get(document.municipalityId!) ?? [];
      firstsOf.set(document.municipalityId!, list);
      list.push(JSON.parse(document.data!) as FirstsData);
    }
    return {
      register: register.map((document) => JSON.parse(document.data!) as RegisterData),
      catalog: { municipalityOf, programs: { programCompetencies, approvedCompetencies } },
      years: new Map([
        [year, current.map((document) => JSON.parse(document.data!) as YearData)],
        [year - 1, previous.map((document) => JSON.parse(document.data!) as YearData)],
      ]),
      firsts: firstsOf,
      schools: new Map([
        [year, schools.map((document) => JSON.parse(document.data!) as SchoolsData)],
        [year - 1, schoolsBefore.map((document) => JSON.parse(document.data!) as SchoolsData)],
      ]),
    };
  }
}

/**
 * A scope's counts of a year from what was read: the partitions' counts added up (a school's counted
 * in its municipality), and the course numerators by their predicate over each teacher's year, the
 * teacher's completions of the scope's schools joined with the deficits found in the scope.
 */
export function countsOf(read: Read, year: number, municipalityId?: string): ScopeYearCounts {
  const scope = municipalityId === undefined ? REGION_SCOPE : municipalityScope(municipalityId);
  const parts = read.years.get(year) ?? [];
  const teachersWhere: Record<string, number> = Object.fromEntries(PARTITION_COUNTED.map((id) => [id, 0]));
  const deficitCompetencies = new Set<string>();
  const completions = new Map<string, { programId: string; kind: 'advanced-training' | 'retraining' }[]>();
  for (const part of parts) {
    for (const [id, n] of Object.entries(part.where[scope] ?? {}))
      teachersWhere[id] = (teachersWhere[id] ?? 0) + n;
    for (const [competency, n] of Object.entries(part.competencies[scope] ?? {}))
      if (n > 0) deficitCompetencies.add(competency);
    for (const [organizationId, teachers] of Object.entries(part.completions)) {
      if (municipalityId !== undefined && read.catalog.municipalityOf.get(organizationId) !== municipalityId)
        continue;
      for (const [teacherId, programs] of Object.entries(teachers)) {
        const list = completions.get(teacherId) ?? [];
        completions.set(teacherId, list);
        for (const index of programs) {
          const [programId, kind] = part.programs[index]!;
          list.push({ programId, kind: kind as 'advanced-training' | 'retraining' });
        }
      }
    }
  }
  // the deficits found in the scope of the teachers who completed a course there, first year per
  // competency (a region's teacher may have some in two municipalities)
  // facts that name only a school (trajectories): a municipality adds up its schools
  if (municipalityId !== undefined)
    for (const part of read.schools.get(year) ?? [])
      for (const [id, bySchool] of Object.entries(part))
        for (const [organizationId, n] of Object.entries(bySchool))
          if (read.catalog.municipalityOf.get(organizationId) === municipalityId)
            teachersWhere[id] = (teachersWhere[id] ?? 0) + n;
  const firstOf = new Map<string, Map<string, number>>();
  const firsts =
    municipalityId === undefined ? [...read.firsts.values()].flat() : (read.firsts.get(municipalityId) ?? []);
  for (const part of firsts)
    for (const [teacherId, competencies] of Object.entries(part)) {
      if (!completions.has(teacherId)) continue;
      const first = firstOf.get(teacherId) ?? new Map<string, number>();
      firstOf.set(teacherId, first);
      for (const [competency, found] of Object.entries(competencies))
        first.set(competency, Math.min(first.get(competency) ?? found, found));
    }
  const soFar = (teacherId: string): Set<string> =>
    new Set([...(firstOf.get(teacherId) ?? [])].filter(([, found]) => found <= year).map(([c]) => c));
  for (const { id } of COURSE_PREDICATES) teachersWhere[id] = 0;
  for (const [teacherId, done] of completions) {
    const teacher: TeacherYear = { ...noTeacherYear, completions: done, deficitsSoFar: soFar(teacherId) };
    for (const { id, holds } of COURSE_PREDICATES)
      if (holds(teacher, read.catalog.programs)) teachersWhere[id] = teachersWhere[id]! + 1;
  }
  return {
    teachers: read.register.reduce((total, part) => total + (part[scope] ?? 0), 0),
    deficitCompetencies,
    teachersWhere,
  };
}

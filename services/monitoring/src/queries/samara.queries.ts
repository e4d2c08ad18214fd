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
import { ComputedPerVersion, type KeptDocument, KeptDocuments } from './kept-documents';
import type { MunicipalityIndicators, SamaraIndicators, Scope } from './monitoring.queries';

const COURSE_PREDICATES = teacherNumeratorsReading('courses');
const PARTITION_COUNTED = SAMARA_GOAL_1.flatMap((definition) =>
  definition.numerator.unit === 'teacher' && definition.numerator.reads !== 'courses' ? [definition.id] : [],
);

/** What the counts of one region add up to, parsed: the partitions' documents of every year. */
interface Read {
  readonly register: RegisterData[];
  readonly catalog: {
    readonly municipalityOf: ReadonlyMap<string, string>;
    readonly programs: RegionPrograms;
  };
  readonly years: ReadonlyMap<number, YearData[]>;
  /** The per-school counts of each year: a municipal answer adds up its schools'. */
  readonly schools: ReadonlyMap<number, SchoolsData[]>;
  /** Per municipality, per teacher, per competency: the first year found there. */
  readonly firsts: ReadonlyMap<string, FirstsData[]>;
}

/** What is computed from one version of a region's counts, kept until they change. */
interface Computed {
  read?: Read;
  /** A year's completions and per-school counts grouped by municipality, per year. */
  readonly grouped: Map<number, YearGrouped>;
  /** `countsOf` per "year municipalityId". */
  readonly counts: Map<string, ScopeYearCounts>;
}

type Completion = { programId: string; kind: 'advanced-training' | 'retraining' };

/**
 * A year's facts that name a school, grouped once by the school's municipality (and all together
 * for the region): a municipality's counts then read its own, and the list of every municipality
 * costs about what one region-wide answer does instead of a walk of the region per municipality.
 */
interface YearGrouped {
  /** Per teacher, their completions of the year: the region's under `undefined`, else by municipality. */
  readonly completions: ReadonlyMap<string | undefined, ReadonlyMap<string, readonly Completion[]>>;
  /** The counts kept per school (trajectories), added up per municipality. */
  readonly schoolCounts: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

/**
 * The Samara indicators from the per-partition counts (samara-counts). The region's documents are
 * kept parsed between requests and read again only when their stamps change (KeptDocuments); the
 * counts of a scope's year — the partitions' counts added up and the course numerators joined — are
 * computed once per version of those documents and divided by the definitions (samara.ts). A
 * request with nothing changed reads the region's stamps documents only; one after a change reads
 * the documents that changed and joins again (services/monitoring/README.md, «Measured»).
 */
@Injectable()
export class SamaraQueries {
  private readonly documents: KeptDocuments;
  private readonly computed = new ComputedPerVersion<Computed>(() => ({
    grouped: new Map(),
    counts: new Map(),
  }));

  constructor(
    @InjectReadModel(samaraCounts) counts: ReadModelOf<typeof samaraCounts>,
    @InjectReadModel(regionFigures) private readonly figures: ReadModelOf<typeof regionFigures>,
  ) {
    this.documents = new KeptDocuments(() => counts.collection('counts'));
  }

  async samara(scope: Scope, year: number): Promise<SamaraIndicators> {
    const counted = await this.countsOf(scope.region);
    const indicators = indicatorsFrom(
      counted(year, scope.municipalityId),
      counted(year - 1, scope.municipalityId),
      counted.programs,
      year,
    );
    return { region: scope.region, year, municipalityId: scope.municipalityId ?? null, indicators };
  }

  /** Every municipality of the region from one read of the region's counts. */
  async samaraByMunicipality(region: string, year: number): Promise<MunicipalityIndicators[]> {
    const [municipalities, counted] = await Promise.all([
      this.figures
        .collection('municipalities')
        .find<{ _id: string; name: string }>({ region }, { fields: { name: 1 } }),
      this.countsOf(region),
    ]);
    return municipalities.map(({ _id, name }) => ({
      municipalityId: _id,
      name,
      indicators: indicatorsFrom(counted(year, _id), counted(year - 1, _id), counted.programs, year),
    }));
  }

  /** The region's counts as they stand: a scope's year, computed once per version of the documents. */
  private async countsOf(region: string) {
    const { version, documents } = await this.documents.read(region);
    const computed = this.computed.of(region, version);
    const read = (computed.read ??= readOf(documents));
    const counted = (year: number, municipalityId?: string): ScopeYearCounts => {
      const key = `${year} ${municipalityId ?? REGION_SCOPE}`;
      let counts = computed.counts.get(key);
      if (!counts) {
        let grouped = computed.grouped.get(year);
        if (!grouped) computed.grouped.set(year, (grouped = groupedYear(read, year)));
        computed.counts.set(key, (counts = countsOf(read, grouped, year, municipalityId)));
      }
      return counts;
    };
    return Object.assign(counted, { programs: read.catalog.programs });
  }
}

/** The counts' documents of a region, parsed into what `countsOf` adds up. */
function readOf(documents: readonly KeptDocument[]): Read {
  const municipalityOf = new Map<string, string>();
  const programCompetencies = new Map<string, readonly string[]>();
  const approvedCompetencies = new Set<string>();
  const register: RegisterData[] = [];
  const years = new Map<number, YearData[]>();
  const schools = new Map<number, SchoolsData[]>();
  const firsts = new Map<string, FirstsData[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key) ?? [];
    map.set(key, list);
    list.push(value);
  };
  for (const document of documents) {
    switch (document.part) {
      case 'register':
        register.push(document.data as RegisterData);
        break;
      case 'catalog': {
        const part = document.data as CatalogData;
        for (const [organizationId, municipality] of Object.entries(part.organizations))
          municipalityOf.set(organizationId, municipality);
        for (const [programId, competencies] of Object.entries(part.programs))
          programCompetencies.set(programId, competencies);
        for (const [competency, approved] of Object.entries(part.approved))
          if (approved > 0) approvedCompetencies.add(competency);
        break;
      }
      case 'year':
        push(years, document.year!, document.data as YearData);
        break;
      case 'schools':
        push(schools, document.year!, document.data as SchoolsData);
        break;
      case 'firsts':
        push(firsts, document.municipalityId!, document.data as FirstsData);
        break;
      default:
        break;
    }
  }
  return {
    register,
    catalog: { municipalityOf, programs: { programCompetencies, approvedCompetencies } },
    years,
    schools,
    firsts,
  };
}

/** A year's completions and per-school counts grouped by municipality (YearGrouped). */
function groupedYear(read: Read, year: number): YearGrouped {
  const municipalityOf = read.catalog.municipalityOf;
  const completions = new Map<string | undefined, Map<string, Completion[]>>([[undefined, new Map()]]);
  const listOf = (scope: string | undefined, teacherId: string): Completion[] => {
    let teachers = completions.get(scope);
    if (!teachers) completions.set(scope, (teachers = new Map()));
    let list = teachers.get(teacherId);
    if (!list) teachers.set(teacherId, (list = []));
    return list;
  };
  for (const part of read.years.get(year) ?? [])
    for (const [organizationId, teachers] of Object.entries(part.completions)) {
      // a school the catalog has not named counts in the region only
      const municipalityId = municipalityOf.get(organizationId);
      for (const [teacherId, programs] of Object.entries(teachers)) {
        const lists = [listOf(undefined, teacherId)];
        if (municipalityId !== undefined) lists.push(listOf(municipalityId, teacherId));
        for (const index of programs) {
          const [programId, kind] = part.programs[index]!;
          for (const list of lists) list.push({ programId, kind: kind as Completion['kind'] });
        }
      }
    }
  const schoolCounts = new Map<string, Record<string, number>>();
  for (const part of read.schools.get(year) ?? [])
    for (const [id, bySchool] of Object.entries(part))
      for (const [organizationId, n] of Object.entries(bySchool)) {
        const municipalityId = municipalityOf.get(organizationId);
        if (municipalityId === undefined) continue;
        let counts = schoolCounts.get(municipalityId);
        if (!counts) schoolCounts.set(municipalityId, (counts = {}));
        counts[id] = (counts[id] ?? 0) + n;
      }
  return { completions, schoolCounts };
}

/**
 * A scope's counts of a year from what was read: the partitions' counts added up (a school's counted
 * in its municipality), and the course numerators by their predicate over each teacher's year, the
 * teacher's completions of the scope's schools joined with the deficits found in the scope.
 */
function countsOf(read: Read, grouped: YearGrouped, year: number, municipalityId?: string): ScopeYearCounts {
  const scope = municipalityId === undefined ? REGION_SCOPE : municipalityScope(municipalityId);
  const teachersWhere: Record<string, number> = Object.fromEntries(PARTITION_COUNTED.map((id) => [id, 0]));
  const deficitCompetencies = new Set<string>();
  for (const part of read.years.get(year) ?? []) {
    for (const [id, n] of Object.entries(part.where[scope] ?? {}))
      teachersWhere[id] = (teachersWhere[id] ?? 0) + n;
    for (const [competency, n] of Object.entries(part.competencies[scope] ?? {}))
      if (n > 0) deficitCompetencies.add(competency);
  }
  // facts that name only a school (trajectories): a municipality adds up its schools
  if (municipalityId !== undefined)
    for (const [id, n] of Object.entries(grouped.schoolCounts.get(municipalityId) ?? {}))
      teachersWhere[id] = (teachersWhere[id] ?? 0) + n;
  const completions = grouped.completions.get(municipalityId) ?? new Map<string, readonly Completion[]>();
  // the deficits found in the scope of the teachers who completed a course there, first year per
  // competency (a region's teacher may have some in two municipalities)
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

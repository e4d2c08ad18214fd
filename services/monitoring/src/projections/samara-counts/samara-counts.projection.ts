import { type CatalogEvent, type DiagnosticsEvent, type EnrollmentEvent, publicTopic } from '@pk/contracts';
import { type AggregateDocument, defineProjection, partitionStateSchema } from '@pk/projections';
import { Schema } from 'mongoose';
import { noTeacherYear, type TeacherYear, teacherNumeratorsReading } from '../../indicators/samara';
import { regionYearOf } from '../region-year';
import { withStamps } from '../stamps';

// The Samara indicators of goal 1, precomputed (docs/read-models.md, "Counts over many streams"):
// per Kafka partition, what its streams add up to per region, year and place, so an answer reads a
// few dozen documents instead of every deficit, trajectory and completion of the region.
//
// A teacher numerator that reads one kind of fact whose events follow one stream per teacher (or per
// teacher and year) — deficits, trajectories, category awards — is counted here, per partition, by
// the definition's own predicate (samara.ts): a teacher's facts of that kind are all in one
// partition, so the partitions' counts add up without counting anyone twice. Completions follow the
// groups' streams and their numerators join them with the teacher's deficits, which another topic
// carries: for those the partitions keep each teacher's records (completions of a year by school,
// the first year of each deficit by municipality) and the query joins them and applies the same
// predicate. Competencies in deficit are kept per place with their teachers, the region's programs
// with their competencies and the schools with their municipalities: small sets the query combines.

/** Where a count is kept: the region (`*`) or a municipality (`m:<id>`); schools in `schools` documents. */
export const REGION_SCOPE = '*';
export const municipalityScope = (municipalityId: string) => `m:${municipalityId}`;

/** A partition's state: every fact it counts, with the last position of each stream it read. */
export interface SamaraState {
  /**
   * Per stream (the event's subject) of a teacher, a profile, a school or a program: the last position
   * folded, so a duplicate or an older event changes nothing.
   */
  readonly streams: Record<string, number>;
  /** The register: per teacher, [region, municipalityId]; null once erased. */
  readonly teachers: Record<string, readonly [string, string] | null>;
  /** Categories held: per teacher, per category, [region, municipalityId, year awarded]. */
  readonly awards: Record<string, Record<string, readonly [string, string, number]>>;
  /** Deficits: per teacher, per "year competency", [region, municipalityId]. */
  readonly deficits: Record<string, Record<string, readonly [string, string]>>;
  /** Trajectories: per "teacherId year", [region, organizationId]. */
  readonly trajectories: Record<string, readonly [string, string]>;
  /** Completions: per enrollment, [region, organizationId, teacherId, programId, kind, year]. */
  readonly completions: Record<string, readonly [string, string, string, string, string, number]>;
  /** Schools: [region, municipalityId]. */
  readonly organizations: Record<string, readonly [string, string]>;
  /** Programs (latest revision): [region, status, competencies]. */
  readonly programs: Record<string, readonly [string, string, readonly string[]]>;
}

/** `register` data: teachers in the register per scope (`*`, `m:<id>`). */
export type RegisterData = Record<string, number>;

/** `year` data: what one year adds up to in the partition. */
export interface YearData {
  /** Per scope, per indicator id: teachers the partition-local predicate holds of. */
  readonly where: Record<string, Record<string, number>>;
  /** Per scope (`*`, `m:<id>`), per competency: teachers with a deficit found in it in the year. */
  readonly competencies: Record<string, Record<string, number>>;
  /** The programs completions name, with the completion's kind: `[programId, kind]`. */
  readonly programs: readonly (readonly [string, string])[];
  /** Completions of the year per school, per teacher: indexes into `programs`. */
  readonly completions: Record<string, Record<string, number[]>>;
}

/**
 * `schools` data: per indicator id, per school, the teachers a predicate holds of — the counts of
 * facts that name a school and no municipality (trajectories), which only a municipal answer reads.
 */
export type SchoolsData = Record<string, Record<string, number>>;

/** `firsts` data: per teacher, per competency, the first year a deficit in it was found in the municipality. */
export type FirstsData = Record<string, Record<string, number>>;

/** `catalog` data. */
export interface CatalogData {
  /** School → municipality. */
  readonly organizations: Record<string, string>;
  /** Program → competencies of its latest revision. */
  readonly programs: Record<string, readonly string[]>;
  /** Competency → approved programs developing it. */
  readonly approved: Record<string, number>;
}

/**
 * One document per partition and region (`register`, `catalog`), per partition, region and year
 * (`year`), per partition, region and municipality (`firsts`); what it adds up to as JSON text in
 * `data` (FerretDB decodes a document field by field: one string costs one field).
 */
const counts = new Schema(
  { _id: String, region: String, part: String, year: Number, municipalityId: String, data: String },
  { versionKey: false },
)
  .index({ region: 1, part: 1 })
  .index({ year: 1 })
  .index({ municipalityId: 1 });

export type SamaraCountsEvent = DiagnosticsEvent | EnrollmentEvent | CatalogEvent;

const DEFICIT_PREDICATES = teacherNumeratorsReading('deficits');
const TRAJECTORY_PREDICATES = teacherNumeratorsReading('trajectory');
const CATEGORY_PREDICATES = teacherNumeratorsReading('category');

export const samaraCounts = defineProjection<SamaraCountsEvent>()({
  name: 'monitoring-samara-counts',
  topics: [publicTopic('diagnostics'), publicTopic('enrollment'), publicTopic('catalog')],
  eventTypes: [
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'diagnostics.TeacherErased',
    'diagnostics.DeficitFound',
    'diagnostics.TrajectoryProposed',
    'enrollment.CourseCompleted',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'catalog.ProgramReturned',
    'catalog.ProgramRejected',
    'catalog.ProgramArchived',
  ],
  collections: { counts, partitions: partitionStateSchema() },

  aggregate: {
    stateCollection: 'partitions',
    initial: (): SamaraState => ({
      streams: {},
      teachers: {},
      awards: {},
      deficits: {},
      trajectories: {},
      completions: {},
      organizations: {},
      programs: {},
    }),
    apply: fold,
    documents,
  },
});

function fold(state: SamaraState, event: SamaraCountsEvent): void {
  // A trajectory's and a completion's fact is the whole of what its one event says, keyed by its own
  // id: a duplicate writes the same again, so their streams are not remembered — they are most of
  // the streams, and the state is cloned and written whole on every batch.
  if (event.type !== 'diagnostics.TrajectoryProposed' && event.type !== 'enrollment.CourseCompleted') {
    const streams = state.streams as Record<string, number>;
    const last = streams[event.subject];
    if (last !== undefined && last >= event.streamPosition) return;
    streams[event.subject] = event.streamPosition;
  }
  const mutable = <T>(record: T) => record as { -readonly [K in keyof T]: T[K] };
  switch (event.type) {
    case 'diagnostics.TeacherRegistered':
    case 'diagnostics.TeacherUpdated': {
      const { teacherId, region, municipalityId, category, categorySince } = event.data;
      mutable(state.teachers)[teacherId] = [region, municipalityId];
      // a category once held stays awarded in its year, as the categoryAwards documents kept it
      if (category !== 'none' && categorySince !== null)
        (mutable(state.awards)[teacherId] ??= {})[category] = [
          region,
          municipalityId,
          regionYearOf(region, categorySince),
        ];
      return;
    }
    case 'diagnostics.TeacherErased':
      // out of the register today; the categories awarded in past years stay counted in them
      mutable(state.teachers)[event.data.teacherId] = null;
      return;
    case 'diagnostics.DeficitFound': {
      const { teacherId, region, municipalityId, competency } = event.data;
      const year = regionYearOf(region, event.time);
      (mutable(state.deficits)[teacherId] ??= {})[`${year} ${competency}`] = [region, municipalityId];
      return;
    }
    case 'diagnostics.TrajectoryProposed': {
      const { teacherId, region, organizationId, year } = event.data;
      mutable(state.trajectories)[`${teacherId} ${year}`] = [region, organizationId];
      return;
    }
    case 'enrollment.CourseCompleted': {
      const { enrollmentId, region, organizationId, teacherId, programId, kind, completedOn } = event.data;
      mutable(state.completions)[enrollmentId] = [
        region,
        organizationId,
        teacherId,
        programId,
        kind,
        regionYearOf(region, completedOn),
      ];
      return;
    }
    case 'catalog.OrganizationRegistered':
    case 'catalog.OrganizationUpdated':
      mutable(state.organizations)[event.data.organizationId] = [
        event.data.region,
        event.data.municipalityId,
      ];
      return;
    case 'catalog.ProgramSubmitted':
    case 'catalog.ProgramApproved': {
      const { programId, region, competencies } = event.data;
      const status = event.type === 'catalog.ProgramApproved' ? 'approved' : 'submitted';
      mutable(state.programs)[programId] = [region, status, [...competencies]];
      return;
    }
    case 'catalog.ProgramReturned':
    case 'catalog.ProgramRejected':
    case 'catalog.ProgramArchived': {
      const before = state.programs[event.data.programId];
      const status = event.type.slice('catalog.Program'.length).toLowerCase();
      mutable(state.programs)[event.data.programId] = [event.data.region, status, before?.[2] ?? []];
      return;
    }
    default:
      return;
  }
}

/** A count per key, created on first use. */
const add = (counts: Record<string, number>, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};

interface YearBuilder {
  where: Record<string, Record<string, number>>;
  competencies: Record<string, Record<string, number>>;
  programs: Map<string, number>;
  completions: Record<string, Record<string, number[]>>;
}

/** The documents with their stamps, so a query keeps what did not change (stamps.ts). */
function documents(state: SamaraState): AggregateDocument<'counts'>[] {
  return withStamps('counts', countDocuments(state));
}

function countDocuments(state: SamaraState): AggregateDocument<'counts'>[] {
  const register = new Map<string, RegisterData>();
  const years = new Map<string, { region: string; year: number; data: YearBuilder }>();
  const firsts = new Map<string, { region: string; municipalityId: string; data: FirstsData }>();
  const catalogs = new Map<string, CatalogData>();
  const schools = new Map<string, { region: string; year: number; data: SchoolsData }>();
  const yearOf = (region: string, year: number): YearBuilder => {
    const key = `${region}:${year}`;
    let found = years.get(key);
    if (!found)
      years.set(
        key,
        (found = {
          region,
          year,
          data: { where: {}, competencies: {}, programs: new Map(), completions: {} },
        }),
      );
    return found.data;
  };
  /** Counts each predicate that holds of a teacher's year in each of the scopes. */
  const countWhere = (
    data: YearBuilder,
    scopes: readonly string[],
    predicates: ReturnType<typeof teacherNumeratorsReading>,
    teacher: TeacherYear,
  ) => {
    for (const { id, holds } of predicates)
      if (holds(teacher, NO_PROGRAMS)) for (const scope of scopes) add((data.where[scope] ??= {}), id);
  };

  for (const place of Object.values(state.teachers)) {
    if (place === null) continue;
    const [region, municipalityId] = place;
    const counted = register.get(region) ?? {};
    register.set(region, counted);
    add(counted, REGION_SCOPE);
    add(counted, municipalityScope(municipalityId));
  }

  for (const held of Object.values(state.awards)) {
    // per region and year, the scopes the teacher was awarded a category in
    const awarded = new Map<string, { region: string; year: number; scopes: Set<string> }>();
    for (const [region, municipalityId, year] of Object.values(held)) {
      const key = `${region}:${year}`;
      const entry = awarded.get(key) ?? { region, year, scopes: new Set([REGION_SCOPE]) };
      awarded.set(key, entry);
      entry.scopes.add(municipalityScope(municipalityId));
    }
    for (const { region, year, scopes } of awarded.values())
      countWhere(yearOf(region, year), [...scopes], CATEGORY_PREDICATES, {
        ...noTeacherYear,
        categoryAwarded: true,
      });
  }

  for (const [teacherId, found] of Object.entries(state.deficits)) {
    // per region and scope, the teacher's competencies by the year each was first found
    const byScope = new Map<string, { region: string; scope: string; first: Record<string, number> }>();
    for (const [key, [region, municipalityId]] of Object.entries(found)) {
      const [yearText, competency] = splitOnce(key);
      const year = Number(yearText);
      for (const scope of [REGION_SCOPE, municipalityScope(municipalityId)]) {
        const id = `${region} ${scope}`;
        const entry = byScope.get(id) ?? { region, scope, first: {} };
        byScope.set(id, entry);
        entry.first[competency] = Math.min(entry.first[competency] ?? year, year);
      }
      const municipal = firsts.get(`${region}:${municipalityId}`) ?? { region, municipalityId, data: {} };
      firsts.set(`${region}:${municipalityId}`, municipal);
      const own = (municipal.data[teacherId] ??= {});
      own[competency] = Math.min(own[competency] ?? year, year);
    }
    for (const { region, scope, first } of byScope.values()) {
      const foundIn = new Map<number, Set<string>>();
      for (const [key, [r, municipalityId]] of Object.entries(found)) {
        if (r !== region || (scope !== REGION_SCOPE && scope !== municipalityScope(municipalityId))) continue;
        const [yearText, competency] = splitOnce(key);
        const inYear = foundIn.get(Number(yearText)) ?? new Set<string>();
        foundIn.set(Number(yearText), inYear.add(competency));
      }
      for (const [year, competencies] of foundIn) {
        const data = yearOf(region, year);
        for (const competency of competencies) add((data.competencies[scope] ??= {}), competency);
        const soFar = new Set(Object.keys(first).filter((competency) => first[competency]! <= year));
        countWhere(data, [scope], DEFICIT_PREDICATES, {
          ...noTeacherYear,
          deficitsFound: competencies,
          deficitsSoFar: soFar,
        });
      }
    }
  }

  for (const [key, [region, organizationId]] of Object.entries(state.trajectories)) {
    const year = Number(splitOnce(key)[1]);
    const teacher: TeacherYear = { ...noTeacherYear, trajectory: true };
    countWhere(yearOf(region, year), [REGION_SCOPE], TRAJECTORY_PREDICATES, teacher);
    const ofSchools = schools.get(`${region}:${year}`) ?? { region, year, data: {} };
    schools.set(`${region}:${year}`, ofSchools);
    for (const { id, holds } of TRAJECTORY_PREDICATES)
      if (holds(teacher, NO_PROGRAMS)) add((ofSchools.data[id] ??= {}), organizationId);
  }

  for (const [region, organizationId, teacherId, programId, kind, year] of Object.values(state.completions)) {
    const data = yearOf(region, year);
    const program = `${programId} ${kind}`;
    let index = data.programs.get(program);
    if (index === undefined) data.programs.set(program, (index = data.programs.size));
    ((data.completions[organizationId] ??= {})[teacherId] ??= []).push(index);
  }

  for (const [organizationId, [region, municipalityId]] of Object.entries(state.organizations))
    catalogOf(catalogs, region).organizations[organizationId] = municipalityId;
  for (const [programId, [region, status, competencies]] of Object.entries(state.programs)) {
    const catalog = catalogOf(catalogs, region);
    catalog.programs[programId] = competencies;
    if (status === 'approved')
      for (const competency of new Set(competencies)) add(catalog.approved, competency);
  }

  return [
    ...[...register].map(([region, data]) => ({
      collection: 'counts' as const,
      id: `${region}:register`,
      set: { region, part: 'register', data: JSON.stringify(data) },
    })),
    ...[...years.values()].map(({ region, year, data }) => ({
      collection: 'counts' as const,
      id: `${region}:${year}`,
      set: {
        region,
        part: 'year',
        year,
        data: JSON.stringify({
          where: data.where,
          competencies: data.competencies,
          programs: [...data.programs.keys()].map(splitOnce),
          completions: data.completions,
        } satisfies YearData),
      },
    })),
    ...[...schools.values()].map(({ region, year, data }) => ({
      collection: 'counts' as const,
      id: `${region}:schools:${year}`,
      set: { region, part: 'schools', year, data: JSON.stringify(data) },
    })),
    ...[...firsts.values()].map(({ region, municipalityId, data }) => ({
      collection: 'counts' as const,
      id: `${region}:firsts:${municipalityId}`,
      set: { region, part: 'firsts', municipalityId, data: JSON.stringify(data) },
    })),
    ...[...catalogs].map(([region, data]) => ({
      collection: 'counts' as const,
      id: `${region}:catalog`,
      set: { region, part: 'catalog', data: JSON.stringify(data) },
    })),
  ];
}

/** The predicates counted here read no programs (only `courses` ones do, and the query counts those). */
const NO_PROGRAMS = {
  programCompetencies: new Map<string, string[]>(),
  approvedCompetencies: new Set<string>(),
};

const splitOnce = (text: string): [string, string] => {
  const at = text.indexOf(' ');
  return [text.slice(0, at), text.slice(at + 1)];
};

function catalogOf(catalogs: Map<string, CatalogData>, region: string) {
  let catalog = catalogs.get(region);
  if (!catalog) catalogs.set(region, (catalog = { organizations: {}, programs: {}, approved: {} }));
  return catalog as {
    organizations: Record<string, string>;
    programs: Record<string, readonly string[]>;
    approved: Record<string, number>;
  };
}

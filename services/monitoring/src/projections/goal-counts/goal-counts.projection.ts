import {
  type CatalogEvent,
  type DiagnosticsEvent,
  type EnrollmentEvent,
  type ExpertiseEvent,
  publicTopic,
  type VouchersEvent,
} from '@pk/contracts';
import { type AggregateDocument, defineProjection, partitionStateSchema } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// What the indicators of goals 2–4 (indicators/goals.ts) add up, precomputed per Kafka partition
// (docs/read-models.md, «Counts over many streams»; the kit's `aggregate`). Each fact is kept in the
// partition's state under its own id (a review case, a rating by its envelope id, a completion by its
// enrollment, an attempt, a teacher's year of ИОМ, a voucher and its blocks, an expert) behind the
// last position of its stream, so a redelivered or older event changes nothing. The documents add
// the facts up per region and year (`year`) and per region (`catalog`: programs' form, schools'
// municipality, teachers per municipality, active experts). Facts whose join crosses partitions
// (a completion and its program, a trajectory and its school's municipality, a teacher diagnosed in
// several attempts) are kept as small keyed records for the query to join and count once.

type Region = string;
type Flag = 0 | 1;

export interface GoalCountsState {
  readonly streams: Record<string, number>;
  /** [region, opened at, revision, outcome, decided at]. */
  readonly cases: Record<string, [Region, string | null, number | null, string | null, string | null]>;
  /** By envelope id (ratings are anonymous): [region, year, mean of the four criteria]. */
  readonly feedback: Record<string, [Region, number, number]>;
  /** By enrollment: [region, year completed, organizationId, programId]. */
  readonly completions: Record<string, [Region, number, string, string]>;
  /** Latest approved revision: [region, internship, employers assess]. */
  readonly programs: Record<string, [Region, Flag, Flag]>;
  readonly schools: Record<string, [Region, string]>;
  /** The register today: [region, municipalityId], null once erased. */
  readonly teachers: Record<string, [Region, string] | null>;
  /** Attempts outside a campaign: [region, year, municipalityId, teacherId]. */
  readonly selfAttempts: Record<string, [Region, number, string, string]>;
  /** By "teacherId year": [region, organizationId, proposed, accepted]. */
  readonly trajectories: Record<string, [Region, string, Flag, Flag]>;
  /** [region, cycle year, municipalityId, a block reserved]. */
  readonly vouchers: Record<string, [Region, number, string, Flag]>;
  /** By "voucherId block": [region, year, providerId, roubles]. */
  readonly redeemed: Record<string, [Region, number, string, number]>;
  /** [region, active]. */
  readonly experts: Record<string, [Region, Flag]>;
}

/** One partition's year of a region (the `data` of a `year` document). */
export interface GoalCountsYear {
  /** [decisions on a first revision, of them approved]. */
  readonly firstReviews: [number, number];
  /** Days from a case's opening to its decision, one per timed decision. */
  readonly reviewDays: number[];
  /** Completions per "organizationId programId". */
  readonly completions: Record<string, number>;
  /** [ratings, sum of their means, of them with a mean of 4 or more]. */
  readonly feedback: [number, number, number];
  /** Roubles redeemed per "municipalityId providerId". */
  readonly money: Record<string, number>;
  /** Teachers diagnosed outside a campaign, per municipality (a teacher may be in several partitions). */
  readonly selfDiagnosed: Record<string, string[]>;
  /** Per school: [teachers proposed an ИОМ, teachers who accepted one]. */
  readonly trajectories: Record<string, [string[], string[]]>;
  /** Per municipality: [vouchers of the cycle, of them with a block reserved]. */
  readonly vouchers: Record<string, [number, number]>;
}

/** One partition's catalog of a region (the `data` of a `catalog` document). */
export interface GoalCountsCatalog {
  /** Per program: [internship, employers assess]. */
  readonly programs: Record<string, [Flag, Flag]>;
  /** School → municipality. */
  readonly schools: Record<string, string>;
  /** Teachers of the register per municipality. */
  readonly teachers: Record<string, number>;
  readonly experts: number;
}

const counts = new Schema(
  { _id: String, region: String, part: String, year: Number, data: String },
  { versionKey: false },
).index({ region: 1, part: 1, year: 1 });

export type GoalCountsEvent =
  CatalogEvent | DiagnosticsEvent | EnrollmentEvent | ExpertiseEvent | VouchersEvent;

export const goalCounts = defineProjection<GoalCountsEvent>()({
  name: 'monitoring-goal-counts',
  topics: [
    publicTopic('catalog'),
    publicTopic('diagnostics'),
    publicTopic('enrollment'),
    publicTopic('expertise'),
    publicTopic('vouchers'),
  ],
  eventTypes: [
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.ProgramApproved',
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'diagnostics.TeacherErased',
    'diagnostics.AttemptScored',
    'diagnostics.TrajectoryProposed',
    'diagnostics.TrajectoryAccepted',
    'enrollment.CourseCompleted',
    'enrollment.FeedbackGiven',
    'expertise.ReviewCaseOpened',
    'expertise.ReviewDecided',
    'expertise.ExpertRegistered',
    'expertise.ExpertDeactivated',
    'expertise.ExpertReactivated',
    'vouchers.VoucherIssued',
    'vouchers.BlockReserved',
    'vouchers.BlockRedeemed',
  ],
  collections: { counts, partitions: partitionStateSchema() },

  aggregate: {
    stateCollection: 'partitions',
    initial: (): GoalCountsState => ({
      streams: {},
      cases: {},
      feedback: {},
      completions: {},
      programs: {},
      schools: {},
      teachers: {},
      selfAttempts: {},
      trajectories: {},
      vouchers: {},
      redeemed: {},
      experts: {},
    }),
    apply: fold,
    documents,
  },
});

/**
 * Facts set once under their own id, the same on every delivery: they need no stream position, and
 * remembering theirs (one attempt stream each, every group's stream) would grow the state for nothing.
 */
const IDEMPOTENT: ReadonlySet<GoalCountsEvent['type']> = new Set([
  'diagnostics.AttemptScored',
  'enrollment.CourseCompleted',
  'enrollment.FeedbackGiven',
] as const);

function fold(state: GoalCountsState, event: GoalCountsEvent): void {
  if (IDEMPOTENT.has(event.type)) return record(state, event);
  const last = state.streams[event.subject];
  if (last !== undefined && last >= event.streamPosition) return;
  state.streams[event.subject] = event.streamPosition;
  record(state, event);
}

function record(state: GoalCountsState, event: GoalCountsEvent): void {
  switch (event.type) {
    case 'catalog.OrganizationRegistered':
    case 'catalog.OrganizationUpdated':
      state.schools[event.data.organizationId] = [event.data.region, event.data.municipalityId];
      return;
    case 'catalog.ProgramApproved': {
      const { programId, region, format, employerAssessment } = event.data;
      state.programs[programId] = [region, format === 'internship' ? 1 : 0, employerAssessment ? 1 : 0];
      return;
    }
    case 'diagnostics.TeacherRegistered':
    case 'diagnostics.TeacherUpdated':
      state.teachers[event.data.teacherId] = [event.data.region, event.data.municipalityId];
      return;
    case 'diagnostics.TeacherErased':
      // out of the register today, as the Samara denominators count it
      state.teachers[event.data.teacherId] = null;
      return;
    case 'diagnostics.AttemptScored': {
      const { attemptId, region, municipalityId, teacherId, campaignId } = event.data;
      // a campaign's attempt was asked of the teacher; one outside any campaign was their own doing
      if (campaignId === null)
        state.selfAttempts[attemptId] = [region, regionYearOf(region, event.time), municipalityId, teacherId];
      return;
    }
    case 'diagnostics.TrajectoryProposed':
    case 'diagnostics.TrajectoryAccepted': {
      const { teacherId, region, organizationId, year } = event.data;
      const known = (state.trajectories[`${teacherId} ${year}`] ??= [region, organizationId, 0, 0]);
      known[1] = organizationId;
      known[event.type === 'diagnostics.TrajectoryProposed' ? 2 : 3] = 1;
      return;
    }
    case 'enrollment.CourseCompleted': {
      const { enrollmentId, region, organizationId, programId, completedOn } = event.data;
      state.completions[enrollmentId] = [
        region,
        regionYearOf(region, completedOn),
        organizationId,
        programId,
      ];
      return;
    }
    case 'enrollment.FeedbackGiven': {
      const { region, ratings } = event.data;
      const mean =
        (ratings.content + ratings.practiceOrientation + ratings.teachers + ratings.organization) / 4;
      state.feedback[event.id] = [region, regionYearOf(region, event.time), mean];
      return;
    }
    case 'expertise.ReviewCaseOpened': {
      const { caseId, region, revision } = event.data;
      const known = (state.cases[caseId] ??= [region, null, null, null, null]);
      known[1] = event.time;
      known[2] = revision;
      return;
    }
    case 'expertise.ReviewDecided': {
      const { caseId, region, revision, outcome } = event.data;
      const known = (state.cases[caseId] ??= [region, null, null, null, null]);
      known[2] = revision;
      known[3] = outcome;
      known[4] = event.time;
      return;
    }
    case 'expertise.ExpertRegistered':
    case 'expertise.ExpertReactivated':
      state.experts[event.data.expertId] = [event.data.region, 1];
      return;
    case 'expertise.ExpertDeactivated':
      state.experts[event.data.expertId] = [event.data.region, 0];
      return;
    case 'vouchers.VoucherIssued': {
      const { voucherId, region, year, municipalityId } = event.data;
      const reserved = state.vouchers[voucherId]?.[3] ?? 0;
      state.vouchers[voucherId] = [region, year, municipalityId, reserved];
      return;
    }
    case 'vouchers.BlockReserved': {
      // on the voucher's stream, after its issue: the holder applied for a course with it
      const known = state.vouchers[event.data.voucherId];
      if (known) known[3] = 1;
      return;
    }
    case 'vouchers.BlockRedeemed': {
      const { voucherId, block, region, year, providerId, amount } = event.data;
      state.redeemed[`${voucherId} ${block}`] = [region, year, providerId, amount];
      return;
    }
    default:
      return;
  }
}

const DAY = 86_400_000;

function documents(state: GoalCountsState): AggregateDocument<'counts'>[] {
  const years = new Map<string, { region: string; year: number; data: GoalCountsYear }>();
  const catalogs = new Map<string, GoalCountsCatalog>();
  const yearOf = (region: string, year: number): GoalCountsYear => {
    const key = `${region}:${year}`;
    let found = years.get(key);
    if (!found)
      years.set(
        key,
        (found = {
          region,
          year,
          data: {
            firstReviews: [0, 0],
            reviewDays: [],
            completions: {},
            feedback: [0, 0, 0],
            money: {},
            selfDiagnosed: {},
            trajectories: {},
            vouchers: {},
          },
        }),
      );
    return found.data;
  };
  const catalogOf = (region: string): GoalCountsCatalog => {
    let found = catalogs.get(region);
    if (!found) catalogs.set(region, (found = { programs: {}, schools: {}, teachers: {}, experts: 0 }));
    return found;
  };
  const add = (row: Record<string, number>, key: string, n: number) => (row[key] = (row[key] ?? 0) + n);

  for (const [region, openedAt, revision, outcome, decidedAt] of Object.values(state.cases)) {
    if (outcome === null || decidedAt === null) continue;
    const year = yearOf(region, regionYearOf(region, decidedAt));
    if (revision === 1) {
      year.firstReviews[0] += 1;
      if (outcome === 'approved') year.firstReviews[1] += 1;
    }
    if (openedAt !== null) year.reviewDays.push((Date.parse(decidedAt) - Date.parse(openedAt)) / DAY);
  }
  for (const [region, year, mean] of Object.values(state.feedback)) {
    const counted = yearOf(region, year).feedback;
    counted[0] += 1;
    counted[1] += mean;
    if (mean >= 4) counted[2] += 1;
  }
  for (const [region, year, organizationId, programId] of Object.values(state.completions))
    add(yearOf(region, year).completions, `${organizationId} ${programId}`, 1);
  for (const [id, [region, year, providerId, amount]] of Object.entries(state.redeemed)) {
    const municipalityId = state.vouchers[id.slice(0, id.indexOf(' '))]?.[2] ?? '-';
    add(yearOf(region, year).money, `${municipalityId} ${providerId}`, amount);
  }
  for (const [region, year, municipalityId, teacherId] of Object.values(state.selfAttempts)) {
    const teachers = (yearOf(region, year).selfDiagnosed[municipalityId] ??= []);
    if (!teachers.includes(teacherId)) teachers.push(teacherId);
  }
  for (const [key, [region, organizationId, proposed, accepted]] of Object.entries(state.trajectories)) {
    const [teacherId, year] = key.split(' ');
    const school = (yearOf(region, Number(year)).trajectories[organizationId] ??= [[], []]);
    if (proposed) school[0].push(teacherId!);
    if (accepted) school[1].push(teacherId!);
  }
  for (const [region, year, municipalityId, reserved] of Object.values(state.vouchers)) {
    const counted = (yearOf(region, year).vouchers[municipalityId] ??= [0, 0]);
    counted[0] += 1;
    counted[1] += reserved;
  }
  for (const [programId, [region, internship, employers]] of Object.entries(state.programs))
    catalogOf(region).programs[programId] = [internship, employers];
  for (const [organizationId, [region, municipalityId]] of Object.entries(state.schools))
    catalogOf(region).schools[organizationId] = municipalityId;
  for (const known of Object.values(state.teachers))
    if (known !== null) add(catalogOf(known[0]).teachers, known[1], 1);
  for (const [region, active] of Object.values(state.experts))
    (catalogOf(region) as { experts: number }).experts += active;

  return [
    ...[...years.values()].map(({ region, year, data }) => ({
      collection: 'counts' as const,
      id: `${region}:${year}`,
      set: { region, part: 'year', year, data: JSON.stringify(data) },
    })),
    ...[...catalogs].map(([region, data]) => ({
      collection: 'counts' as const,
      id: `${region}:catalog`,
      set: { region, part: 'catalog', year: null, data: JSON.stringify(data) },
    })),
  ];
}

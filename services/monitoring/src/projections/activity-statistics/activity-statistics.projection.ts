import {
  type CatalogEvent,
  type EnrollmentEvent,
  type ExpertiseEvent,
  publicTopic,
  type VouchersEvent,
} from '@pk/contracts';
import { type AggregateDocument, defineProjection, partitionStateSchema } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// The region's activity of a year, precomputed per Kafka partition (docs/read-models.md, "Counts over
// many streams"): enrollments and how they ended, groups started and cancelled, expertise outcomes
// and how long a review took, learners' ratings, and the voucher money each provider was paid. Each
// fact is kept in the partition's state by the stream it follows (an application on its group's
// stream, a review case, a voucher's block, a feedback by its envelope id), so a duplicate or an older
// event changes nothing; the documents add the facts up per region and year, keyed by what the
// statistics filter by (school, provider, program, municipality), for the query to pick and sum.

type Code = 'completed' | 'dropped-out' | 'failed-final-assessment' | 'did-not-attend';

/** One application as its events told it. */
interface Application {
  readonly region: string;
  organizationId?: string;
  providerId?: string;
  programId?: string;
  /** Year confirmed (EnrollmentConfirmed). */
  confirmed?: number;
  /** Year and code of the cancellation of a confirmed enrollment (EnrollmentCancelled). */
  cancelled?: readonly [number, string];
  /** Year an application was withdrawn (ApplicationCancelled): counted alone if never confirmed. */
  withdrawn?: number;
  /** Year and how the course ended. */
  ended?: readonly [number, Code];
}

export interface ActivityState {
  readonly streams: Record<string, number>;
  readonly applications: Record<string, Application>;
  /** Offerings: [region, providerId, programId, year started or null, year cancelled or null]. */
  readonly offerings: Record<string, [string, string, string, number | null, number | null]>;
  /** Review cases: [region, providerId, programId, opened at or null, outcome or null, decided at or null]. */
  readonly cases: Record<string, [string, string, string, string | null, string | null, string | null]>;
  /** Ratings by envelope id: [region, year, providerId, programId, content, practice, teachers, organization]. */
  readonly feedback: Record<string, [string, number, string, string, number, number, number, number]>;
  /** Vouchers' municipality: [region, municipalityId]. */
  readonly vouchers: Record<string, [string, string]>;
  /** Redeemed blocks by "voucherId block": [region, year, providerId, programId, amount]. */
  readonly redeemed: Record<string, [string, number, string, string, number]>;
}

/** Enrollment counts of a key: confirmed, cancelled after confirmation, completed, and the three ways of not completing. */
export const ENROLLMENT_COUNTS = [
  'confirmed',
  'cancelled',
  'completed',
  'droppedOut',
  'failedFinalAssessment',
  'didNotAttend',
] as const;
const ENDED_AT: Record<Code, number> = {
  completed: 2,
  'dropped-out': 3,
  'failed-final-assessment': 4,
  'did-not-attend': 5,
};

/** What one partition's year adds up to (the `data` of an `activity` document). */
export interface ActivityYear {
  /** Per "organizationId providerId programId": ENROLLMENT_COUNTS in order. */
  readonly enrollments: Record<string, number[]>;
  /** Applications withdrawn before they were confirmed (their school is not known). */
  readonly withdrawn: number;
  /** Per "providerId programId": [groups started, groups cancelled]. */
  readonly groups: Record<string, number[]>;
  /** Per "providerId programId": [approved, returned, rejected, days from opening to decision summed, decisions timed]. */
  readonly reviews: Record<string, number[]>;
  /** Per "providerId programId": [ratings, content summed, practice orientation, teachers, organization]. */
  readonly feedback: Record<string, number[]>;
  /** Per "municipalityId providerId programId": [blocks redeemed, roubles]. */
  readonly vouchers: Record<string, number[]>;
}

const activity = new Schema(
  { _id: String, region: String, year: Number, data: String },
  { versionKey: false },
).index({ region: 1, year: 1 });

export type ActivityEvent = EnrollmentEvent | CatalogEvent | ExpertiseEvent | VouchersEvent;

export const activityStatistics = defineProjection<ActivityEvent>()({
  name: 'monitoring-activity-statistics',
  topics: [
    publicTopic('enrollment'),
    publicTopic('catalog'),
    publicTopic('expertise'),
    publicTopic('vouchers'),
  ],
  eventTypes: [
    'enrollment.EnrollmentConfirmed',
    'enrollment.EnrollmentCancelled',
    'enrollment.ApplicationCancelled',
    'enrollment.CourseCompleted',
    'enrollment.CourseNotCompleted',
    'enrollment.LearnerDroppedOut',
    'enrollment.FeedbackGiven',
    'catalog.OfferingStarted',
    'catalog.OfferingCancelled',
    'expertise.ReviewCaseOpened',
    'expertise.ReviewDecided',
    'vouchers.VoucherIssued',
    'vouchers.BlockRedeemed',
  ],
  collections: { activity, partitions: partitionStateSchema() },

  aggregate: {
    stateCollection: 'partitions',
    initial: (): ActivityState => ({
      streams: {},
      applications: {},
      offerings: {},
      cases: {},
      feedback: {},
      vouchers: {},
      redeemed: {},
    }),
    apply: fold,
    documents,
  },
});

function fold(state: ActivityState, event: ActivityEvent): void {
  const last = state.streams[event.subject];
  if (last !== undefined && last >= event.streamPosition) return;
  state.streams[event.subject] = event.streamPosition;
  const application = (applicationId: string, region: string): Application =>
    (state.applications[applicationId] ??= { region });
  switch (event.type) {
    case 'enrollment.EnrollmentConfirmed': {
      const { applicationId, region, organizationId, providerId, programId } = event.data;
      Object.assign(application(applicationId, region), {
        organizationId,
        providerId,
        programId,
        confirmed: regionYearOf(region, event.time),
      });
      return;
    }
    case 'enrollment.EnrollmentCancelled': {
      const { applicationId, region, code } = event.data;
      application(applicationId, region).cancelled = [regionYearOf(region, event.time), code];
      return;
    }
    case 'enrollment.ApplicationCancelled': {
      const { applicationId, region } = event.data;
      application(applicationId, region).withdrawn = regionYearOf(region, event.time);
      return;
    }
    case 'enrollment.CourseCompleted': {
      const { enrollmentId, region, organizationId, providerId, programId, completedOn } = event.data;
      const known = application(enrollmentId, region);
      Object.assign(known, {
        organizationId,
        providerId,
        programId,
        ended: [regionYearOf(region, completedOn), 'completed'],
      });
      return;
    }
    case 'enrollment.CourseNotCompleted': {
      const { applicationId, region, organizationId, providerId, programId, code, endedOn } = event.data;
      Object.assign(application(applicationId, region), {
        organizationId,
        providerId,
        programId,
        ended: [regionYearOf(region, endedOn), code],
      });
      return;
    }
    case 'enrollment.LearnerDroppedOut': {
      // published beside CourseNotCompleted (dropped-out), which names the school and the program;
      // alone (before that event existed) it still ends the course as a dropout
      const { applicationId, region, droppedOn } = event.data;
      const known = application(applicationId, region);
      known.ended ??= [regionYearOf(region, droppedOn), 'dropped-out'];
      return;
    }
    case 'enrollment.FeedbackGiven': {
      const { region, providerId, programId, ratings } = event.data;
      // anonymous: duplicates are told apart by the envelope id, as the contract says
      state.feedback[event.id] = [
        region,
        regionYearOf(region, event.time),
        providerId,
        programId,
        ratings.content,
        ratings.practiceOrientation,
        ratings.teachers,
        ratings.organization,
      ];
      return;
    }
    case 'catalog.OfferingStarted':
    case 'catalog.OfferingCancelled': {
      const { offeringId, region, providerId, programId } = event.data;
      const offering = (state.offerings[offeringId] ??= [region, providerId, programId, null, null]);
      offering[event.type === 'catalog.OfferingStarted' ? 3 : 4] = regionYearOf(region, event.time);
      return;
    }
    case 'expertise.ReviewCaseOpened': {
      const { caseId, region, providerId, programId } = event.data;
      const known = (state.cases[caseId] ??= [region, providerId, programId, null, null, null]);
      known[3] = event.time;
      return;
    }
    case 'expertise.ReviewDecided': {
      const { caseId, region, providerId, programId, outcome } = event.data;
      const known = (state.cases[caseId] ??= [region, providerId, programId, null, null, null]);
      known[4] = outcome;
      known[5] = event.time;
      return;
    }
    case 'vouchers.VoucherIssued':
      state.vouchers[event.data.voucherId] = [event.data.region, event.data.municipalityId];
      return;
    case 'vouchers.BlockRedeemed': {
      const { voucherId, block, region, year, providerId, programId, amount } = event.data;
      state.redeemed[`${voucherId} ${block}`] = [region, year, providerId, programId, amount];
      return;
    }
    default:
      return;
  }
}

const DAY = 86_400_000;

function documents(state: ActivityState): AggregateDocument<'activity'>[] {
  const years = new Map<string, { region: string; year: number; data: ActivityYear }>();
  const of = (region: string, year: number) => {
    const key = `${region}:${year}`;
    let found = years.get(key);
    if (!found)
      years.set(
        key,
        (found = {
          region,
          year,
          data: { enrollments: {}, withdrawn: 0, groups: {}, reviews: {}, feedback: {}, vouchers: {} },
        }),
      );
    return found.data as { -readonly [K in keyof ActivityYear]: ActivityYear[K] };
  };
  const bump = (row: Record<string, number[]>, key: string, width: number, at: number, n = 1) => {
    const counts = (row[key] ??= new Array<number>(width).fill(0));
    counts[at] = counts[at]! + n;
  };

  for (const known of Object.values(state.applications)) {
    const { region, organizationId, providerId, programId } = known;
    if (known.confirmed === undefined && known.ended === undefined) {
      // withdrawn before confirmation: nothing names its school, provider or program
      if (known.withdrawn !== undefined) of(region, known.withdrawn).withdrawn += 1;
      continue;
    }
    const key = `${organizationId ?? '-'} ${providerId ?? '-'} ${programId ?? '-'}`;
    const width = ENROLLMENT_COUNTS.length;
    if (known.confirmed !== undefined) bump(of(region, known.confirmed).enrollments, key, width, 0);
    if (known.cancelled !== undefined) bump(of(region, known.cancelled[0]).enrollments, key, width, 1);
    if (known.ended !== undefined)
      bump(of(region, known.ended[0]).enrollments, key, width, ENDED_AT[known.ended[1]]);
  }
  for (const [region, providerId, programId, started, cancelled] of Object.values(state.offerings)) {
    const key = `${providerId} ${programId}`;
    if (started !== null) bump(of(region, started).groups, key, 2, 0);
    if (cancelled !== null) bump(of(region, cancelled).groups, key, 2, 1);
  }
  for (const [region, providerId, programId, openedAt, outcome, decidedAt] of Object.values(state.cases)) {
    if (outcome === null || decidedAt === null) continue;
    const row = of(region, regionYearOf(region, decidedAt)).reviews;
    const key = `${providerId} ${programId}`;
    bump(row, key, 5, ['approved', 'returned', 'rejected'].indexOf(outcome));
    if (openedAt !== null) {
      bump(row, key, 5, 3, (Date.parse(decidedAt) - Date.parse(openedAt)) / DAY);
      bump(row, key, 5, 4);
    }
  }
  for (const [region, year, providerId, programId, ...ratings] of Object.values(state.feedback)) {
    const row = of(region, year).feedback;
    const key = `${providerId} ${programId}`;
    bump(row, key, 5, 0);
    ratings.forEach((rating, i) => bump(row, key, 5, i + 1, rating));
  }
  for (const [id, [region, year, providerId, programId, amount]] of Object.entries(state.redeemed)) {
    const voucherId = id.slice(0, id.indexOf(' '));
    const municipalityId = state.vouchers[voucherId]?.[1] ?? '-';
    const row = of(region, year).vouchers;
    const key = `${municipalityId} ${providerId} ${programId}`;
    bump(row, key, 2, 0);
    bump(row, key, 2, 1, amount);
  }
  return [...years.values()].map(({ region, year, data }) => ({
    collection: 'activity' as const,
    id: `${region}:${year}`,
    set: { region, year, data: JSON.stringify(data) },
  }));
}

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
import { withStamps } from '../stamps';

// The region in figures (`GET /statistics/figures`), counted ahead per Kafka partition
// (docs/read-models.md, «Counts over many streams»). The figures count the documents of three read
// models — region-figures (teachers, schools, internship sites, providers, programs, experts,
// reviews), teacher-development (enrollments, outcomes) and voucher-figures (vouchers and their
// blocks) — and counting them at query time decoded every matched document: 37 s region-wide at
// Samara's size. Here each partition's state keeps, per such document, what the figures read of it
// and the position of the stream it follows, merged field by field as the writer `$set`s them, with
// the writer's guard (an event at or before the document's position changes nothing); its
// documents add them up per region, municipality, school and year. So every figure is the count
// the gathered documents gave, and a duplicate or a replay counts nothing twice.

type Fields = Record<string, string | number | boolean | null>;

/** A partition's state: per gathered document ("<collection> <id>"), its position and the fields counted. */
export interface FigureState {
  readonly documents: Record<string, { p: number; f: Fields }>;
}

/** Voucher figures of a scope, in this order. */
export const VOUCHER_COUNTS = [
  'issued',
  'issuedAmount',
  'reservedBlocks',
  'reservedAmount',
  'redeemedBlocks',
  'redeemedAmount',
  'releasedBlocks',
  'expired',
  'revoked',
  'unspentAmount',
] as const;

/** `territory` data: what belongs to a municipality, and what belongs to the region only. */
export interface TerritoryData {
  /** Per municipality: [teachers, organizations, internship sites]; documents with none under "". */
  readonly municipalities: Record<string, number[]>;
  /** School → municipality, for a municipal answer to pick its schools' enrollments. */
  readonly organizations: Record<string, string>;
  readonly providers: number;
  readonly programsApproved: number;
  readonly programsInReview: number;
  readonly activeExperts: number;
}

/** `year` data: what one year adds up to. */
export interface FigureYearData {
  readonly reviews: { approved: number; returned: number; rejected: number };
  readonly droppedOut: number;
  /** The region's enrollments: [confirmed, cancelled, completed]. */
  readonly enrollments: number[];
  /** Per school: [confirmed, cancelled, completed]. */
  readonly schools: Record<string, number[]>;
  /** Per municipality: VOUCHER_COUNTS in order; the region's under "*". */
  readonly vouchers: Record<string, number[]>;
}

/**
 * One document per partition and region (`territory`) and per partition, region and year (`year`),
 * the counts as JSON text in `data` (one field to decode), with the region's stamps (stamps.ts).
 */
const counts = new Schema(
  { _id: String, region: String, part: String, year: Number, data: String },
  { versionKey: false },
).index({ region: 1, part: 1 });

export type FigureCountsEvent =
  CatalogEvent | DiagnosticsEvent | ExpertiseEvent | EnrollmentEvent | VouchersEvent;

export const figureCounts = defineProjection<FigureCountsEvent>()({
  name: 'monitoring-figure-counts',
  topics: [
    publicTopic('catalog'),
    publicTopic('diagnostics'),
    publicTopic('expertise'),
    publicTopic('enrollment'),
    publicTopic('vouchers'),
  ],
  eventTypes: [
    'diagnostics.TeacherRegistered',
    'diagnostics.TeacherUpdated',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'catalog.ProgramReturned',
    'catalog.ProgramRejected',
    'catalog.ProgramArchived',
    'catalog.InternshipSiteRegistered',
    'catalog.InternshipSiteUpdated',
    'expertise.ExpertRegistered',
    'expertise.ExpertDeactivated',
    'expertise.ExpertReactivated',
    'expertise.ReviewDecided',
    'enrollment.EnrollmentConfirmed',
    'enrollment.EnrollmentCancelled',
    'enrollment.CourseCompleted',
    'enrollment.LearnerDroppedOut',
    'vouchers.VoucherIssued',
    'vouchers.VoucherExpired',
    'vouchers.VoucherRevoked',
    'vouchers.BlockReserved',
    'vouchers.BlockReleased',
    'vouchers.BlockRedeemed',
  ],
  collections: { counts, partitions: partitionStateSchema() },

  aggregate: {
    stateCollection: 'partitions',
    initial: (): FigureState => ({ documents: {} }),
    apply: fold,
    documents: (state) => withStamps('counts', documentsOf(state)),
  },
});

/** The gathered document an event changes, and the fields it sets — as the three projections write it. */
function changeOf(event: FigureCountsEvent): [string, Fields] | null {
  switch (event.type) {
    case 'diagnostics.TeacherRegistered':
    case 'diagnostics.TeacherUpdated':
      return [
        `teachers ${event.data.teacherId}`,
        { region: event.data.region, municipalityId: event.data.municipalityId },
      ];
    case 'catalog.OrganizationRegistered':
    case 'catalog.OrganizationUpdated':
      return [
        `organizations ${event.data.organizationId}`,
        { region: event.data.region, municipalityId: event.data.municipalityId },
      ];
    case 'catalog.ProviderRegistered':
    case 'catalog.ProviderUpdated':
      return [`providers ${event.data.providerId}`, { region: event.data.region }];
    case 'catalog.ProgramSubmitted':
      return [`programs ${event.data.programId}`, { region: event.data.region, status: 'submitted' }];
    case 'catalog.ProgramApproved':
      return [`programs ${event.data.programId}`, { region: event.data.region, status: 'approved' }];
    case 'catalog.ProgramReturned':
      return [`programs ${event.data.programId}`, { region: event.data.region, status: 'returned' }];
    case 'catalog.ProgramRejected':
      return [`programs ${event.data.programId}`, { region: event.data.region, status: 'rejected' }];
    case 'catalog.ProgramArchived':
      return [`programs ${event.data.programId}`, { region: event.data.region, status: 'archived' }];
    case 'catalog.InternshipSiteRegistered':
    case 'catalog.InternshipSiteUpdated':
      return [
        `internshipSites ${event.data.siteId}`,
        { region: event.data.region, municipalityId: event.data.municipalityId },
      ];
    case 'expertise.ExpertRegistered':
      return [`experts ${event.data.expertId}`, { region: event.data.region, active: true }];
    case 'expertise.ExpertDeactivated':
    case 'expertise.ExpertReactivated':
      return [
        `experts ${event.data.expertId}`,
        { region: event.data.region, active: event.type === 'expertise.ExpertReactivated' },
      ];
    case 'expertise.ReviewDecided':
      return [
        `reviews ${event.data.caseId}`,
        {
          region: event.data.region,
          outcome: event.data.outcome,
          year: regionYearOf(event.data.region, event.time),
        },
      ];
    case 'enrollment.EnrollmentConfirmed':
      return [
        `enrollments ${event.data.applicationId}`,
        {
          region: event.data.region,
          organizationId: event.data.organizationId,
          status: 'confirmed',
          year: regionYearOf(event.data.region, event.time),
        },
      ];
    case 'enrollment.EnrollmentCancelled':
      // the year and school stay those of the confirmation
      return [`enrollments ${event.data.applicationId}`, { region: event.data.region, status: 'cancelled' }];
    case 'enrollment.CourseCompleted':
      return [
        `outcomes ${event.data.enrollmentId}`,
        {
          region: event.data.region,
          organizationId: event.data.organizationId,
          outcome: 'completed',
          year: regionYearOf(event.data.region, event.data.completedOn),
        },
      ];
    case 'enrollment.LearnerDroppedOut':
      return [
        `outcomes ${event.data.applicationId}`,
        {
          region: event.data.region,
          outcome: 'dropped-out',
          year: regionYearOf(event.data.region, event.data.droppedOn),
        },
      ];
    case 'vouchers.VoucherIssued': {
      const { voucherId, region, year, municipalityId, amount } = event.data;
      return [
        `vouchers ${voucherId}`,
        { region, year, municipalityId, amount, status: 'issued', unspentAmount: 0 },
      ];
    }
    case 'vouchers.VoucherExpired':
    case 'vouchers.VoucherRevoked': {
      const { voucherId, region, year, municipalityId, unspentAmount } = event.data;
      const status = event.type === 'vouchers.VoucherExpired' ? 'expired' : 'revoked';
      return [`vouchers ${voucherId}`, { region, year, municipalityId, status, unspentAmount }];
    }
    // a block is a field of its voucher's document: its status and the money it holds
    case 'vouchers.BlockReserved':
      return [
        `vouchers ${event.data.voucherId}`,
        { [`block${event.data.block}`]: `reserved ${event.data.amount}` },
      ];
    case 'vouchers.BlockReleased':
      return [`vouchers ${event.data.voucherId}`, { [`block${event.data.block}`]: 'released 0' }];
    case 'vouchers.BlockRedeemed':
      return [
        `vouchers ${event.data.voucherId}`,
        { [`block${event.data.block}`]: `redeemed ${event.data.amount}` },
      ];
    default:
      return null;
  }
}

function fold(state: FigureState, event: FigureCountsEvent): void {
  const change = changeOf(event);
  if (!change) return;
  const [key, set] = change;
  const documents = state.documents as Record<string, { p: number; f: Fields }>;
  const before = documents[key];
  // the writer's guard: the document follows one stream, an event at or before its position is old
  if (before && before.p >= event.streamPosition) return;
  documents[key] = { p: event.streamPosition, f: { ...before?.f, ...set } };
}

const add = (counts: number[], index: number, n = 1) => {
  counts[index] = (counts[index] ?? 0) + n;
};

function documentsOf(state: FigureState): AggregateDocument<'counts'>[] {
  const territories = new Map<string, TerritoryData>();
  const years = new Map<string, { region: string; year: number; data: FigureYearData }>();
  const territoryOf = (region: string) => {
    let found = territories.get(region);
    if (!found)
      territories.set(
        region,
        (found = {
          municipalities: {},
          organizations: {},
          providers: 0,
          programsApproved: 0,
          programsInReview: 0,
          activeExperts: 0,
        }),
      );
    return found as { -readonly [K in keyof TerritoryData]: TerritoryData[K] };
  };
  const yearOf = (region: string, year: number): FigureYearData => {
    let found = years.get(`${region}:${year}`);
    if (!found)
      years.set(
        `${region}:${year}`,
        (found = {
          region,
          year,
          data: {
            reviews: { approved: 0, returned: 0, rejected: 0 },
            droppedOut: 0,
            enrollments: [0, 0, 0],
            schools: {},
            vouchers: {},
          },
        }),
      );
    return found.data;
  };
  const territorial = (f: Fields, index: number) => {
    if (typeof f['region'] !== 'string') return;
    const municipalities = territoryOf(f['region']).municipalities;
    add((municipalities[String(f['municipalityId'] ?? '')] ??= [0, 0, 0]), index);
  };

  for (const [key, { f }] of Object.entries(state.documents)) {
    const collection = key.slice(0, key.indexOf(' '));
    const region = typeof f['region'] === 'string' ? f['region'] : null;
    if (region === null) continue;
    const year = typeof f['year'] === 'number' ? f['year'] : null;
    switch (collection) {
      case 'teachers':
        territorial(f, 0);
        break;
      case 'organizations':
        territorial(f, 1);
        if (typeof f['municipalityId'] === 'string')
          territoryOf(region).organizations[key.slice(key.indexOf(' ') + 1)] = f['municipalityId'];
        break;
      case 'internshipSites':
        territorial(f, 2);
        break;
      case 'providers':
        territoryOf(region).providers += 1;
        break;
      case 'programs':
        if (f['status'] === 'approved') territoryOf(region).programsApproved += 1;
        if (f['status'] === 'submitted') territoryOf(region).programsInReview += 1;
        break;
      case 'experts':
        if (f['active'] === true) territoryOf(region).activeExperts += 1;
        break;
      case 'reviews': {
        const outcome = f['outcome'];
        if (year !== null && (outcome === 'approved' || outcome === 'returned' || outcome === 'rejected'))
          yearOf(region, year).reviews[outcome] += 1;
        break;
      }
      case 'enrollments':
      case 'outcomes': {
        if (year === null) break;
        const index =
          collection === 'enrollments'
            ? f['status'] === 'confirmed'
              ? 0
              : f['status'] === 'cancelled'
                ? 1
                : -1
            : f['outcome'] === 'completed'
              ? 2
              : -1;
        const data = yearOf(region, year);
        if (collection === 'outcomes' && f['outcome'] === 'dropped-out')
          (data as { droppedOut: number }).droppedOut += 1;
        if (index < 0) break;
        add(data.enrollments, index);
        if (typeof f['organizationId'] === 'string')
          add((data.schools[f['organizationId']] ??= [0, 0, 0]), index);
        break;
      }
      case 'vouchers': {
        if (year === null) break;
        const data = yearOf(region, year);
        for (const scope of ['*', String(f['municipalityId'] ?? '')]) {
          const counted = (data.vouchers[scope] ??= VOUCHER_COUNTS.map(() => 0));
          add(counted, 0);
          add(counted, 1, typeof f['amount'] === 'number' ? f['amount'] : 0);
          for (const [field, value] of Object.entries(f)) {
            if (!/^block\d+$/.test(field) || typeof value !== 'string') continue;
            const [status, amount] = value.split(' ');
            const at = { reserved: 2, redeemed: 4, released: 6 }[
              status as 'reserved' | 'redeemed' | 'released'
            ];
            add(counted, at);
            if (status !== 'released') add(counted, at + 1, Number(amount));
          }
          if (f['status'] === 'expired') add(counted, 7);
          if (f['status'] === 'revoked') add(counted, 8);
          add(counted, 9, typeof f['unspentAmount'] === 'number' ? f['unspentAmount'] : 0);
        }
        break;
      }
      default:
        break;
    }
  }

  return [
    ...[...territories].map(([region, data]) => ({
      collection: 'counts' as const,
      id: `${region}:territory`,
      set: { region, part: 'territory', data: JSON.stringify(data) },
    })),
    ...[...years.values()].map(({ region, year, data }) => ({
      collection: 'counts' as const,
      id: `${region}:${year}`,
      set: { region, part: 'year', year, data: JSON.stringify(data) },
    })),
  ];
}

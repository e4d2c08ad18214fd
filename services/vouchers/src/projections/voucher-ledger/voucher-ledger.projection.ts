import { publicTopic, type VouchersEvent } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// The vouchers' read side: what teachers, schools, providers, the ministry and auditors read. Every
// document follows one stream (docs/read-models.md, rule 1):
//
//   vouchers     one per voucher (voucher-<id>): as issued, with each block's current state
//   blocks       one per block of a voucher (voucher-<id> too): what providers and money read
//   budgets      one per budget stream (budget-<region>-<year>): the year's budget and allotted total
//   tariffs      one per tariff stream (tariff-<region>-<year>)
//   allotments   one per allotment stream (allotment-<region>-<year>-<municipality>): committed money
//   contracts    one per provider contract (provider-contract-<id>)
//
// Totals over many streams (what a provider redeemed in a month, what a municipality spent) are added
// up at query time from the block documents an indexed equality selects — never a counter that many
// voucher streams would write at once (FerretDB loses such updates). Each list a screen pages through
// is selected by one composite key, so a page is one indexed equality (rule 5).

/** Where a block stands. `free`: can be reserved; the others say where it went. */
export type BlockState = 'free' | 'reserved' | 'redeemed' | 'expired' | 'revoked';
export type VoucherStatus = 'issued' | 'expired' | 'revoked';

/** `voucher-ledger.blocks` ids: the voucher and the block's number. */
export const blockId = (voucherId: string, block: number) => `${voucherId}/${block}`;
export const yearKey = (region: string, year: number) => `${region}|${year}`;
/** A school's vouchers of a year: the coordinator's list. */
export const organizationKey = (organizationId: string, year: number) => `${organizationId}|${year}`;
/** A municipality's vouchers of a year. */
export const municipalityKey = (municipalityId: string, year: number) => `${municipalityId}|${year}`;
/** A provider's blocks of a year in one state: the provider's lists. */
export const providerKey = (providerId: string, year: number, state: BlockState) =>
  `${providerId}|${year}|${state}`;
/**
 * A provider's blocks of a cycle whose current state began in a month (YYYY-MM): money per period.
 * The cycle is part of the key, so a year's money never counts another cycle's vouchers.
 */
export const providerPeriodKey = (providerId: string, year: number, period: string) =>
  `${providerId}|${year}|${period}`;
export const budgetId = (region: string, year: number) => `${region}-${year}`;
export const allotmentId = (region: string, year: number, municipalityId: string) =>
  `${region}-${year}-${municipalityId}`;

const vouchers = new Schema(
  {
    _id: String,
    teacherId: String,
    region: String,
    year: Number,
    municipalityId: String,
    organizationId: String,
    position: String,
    organizationKind: String,
    subjects: [String],
    workProfile: String,
    category: String,
    /** The blocks as issued: number, kind, hours, whether the subject rule binds it. */
    blocks: [{ _id: false, block: Number, kind: String, hours: Number, matchesProfile: Boolean }],
    costPerHour: { variable: Number, internship: Number },
    amount: Number,
    status: String,
    /** Each block's current state (`block1`, `block2`), a whole object each, set by its own events. */
    block1: Schema.Types.Mixed,
    block2: Schema.Types.Mixed,
    revokedBecause: String,
    /** The last reservation refused, for the teacher to see why. */
    lastRefusal: Schema.Types.Mixed,
    issuedAt: String,
    updatedAt: String,
    yearKey: String,
    organizationKey: String,
    municipalityKey: String,
  },
  { versionKey: false },
)
  .index({ teacherId: 1 })
  .index({ yearKey: 1 })
  .index({ organizationKey: 1 })
  .index({ municipalityKey: 1 });

const blocks = new Schema(
  {
    _id: String,
    voucherId: String,
    teacherId: String,
    region: String,
    year: Number,
    municipalityId: String,
    organizationId: String,
    block: Number,
    kind: String,
    hours: Number,
    state: String,
    requestId: String,
    applicationId: String,
    programId: String,
    offeringId: String,
    providerId: String,
    contractId: String,
    matchesProfile: Boolean,
    amount: Number,
    /** The day the current state began (UTC day of the event; the completion day for a redemption). */
    since: String,
    completedOn: String,
    certificateNumber: String,
    providerKey: String,
    providerPeriodKey: String,
    /** The voucher's municipality and year, set at issue (block events do not name the municipality). */
    municipalityKey: String,
    yearKey: String,
  },
  { versionKey: false },
)
  .index({ providerKey: 1 })
  .index({ providerPeriodKey: 1 })
  .index({ municipalityKey: 1 })
  .index({ yearKey: 1 });

const budgets = new Schema(
  { _id: String, region: String, year: Number, amount: Number, allotted: Number, yearKey: String },
  { versionKey: false },
);

const tariffs = new Schema(
  { _id: String, region: String, year: Number, costPerHour: { variable: Number, internship: Number } },
  { versionKey: false },
);

const allotments = new Schema(
  {
    _id: String,
    region: String,
    year: Number,
    municipalityId: String,
    allotment: Number,
    committed: Number,
    yearKey: String,
  },
  { versionKey: false },
).index({ yearKey: 1 });

const contracts = new Schema(
  {
    _id: String,
    region: String,
    year: Number,
    providerId: String,
    number: String,
    signedOn: String,
    validUntil: String,
    status: String,
    terminatedOn: String,
    terminatedBecause: String,
    yearKey: String,
  },
  { versionKey: false },
)
  .index({ providerId: 1 })
  .index({ yearKey: 1 });

type Collection = 'vouchers' | 'blocks' | 'budgets' | 'tariffs' | 'allotments' | 'contracts';

/** The event types the ledger reads: every public vouchers event but the refusal's own list. */
export const LEDGER_EVENT_TYPES = [
  'vouchers.BudgetSet',
  'vouchers.BudgetAllotted',
  'vouchers.AllotmentReturned',
  'vouchers.TariffSet',
  'vouchers.AllotmentCredited',
  'vouchers.AllotmentReduced',
  'vouchers.VouchersCommitted',
  'vouchers.VoucherMoneyReturned',
  'vouchers.ProviderContractSigned',
  'vouchers.ProviderContractTerminated',
  'vouchers.VoucherIssued',
  'vouchers.BlockReserved',
  'vouchers.BlockReservationRefused',
  'vouchers.BlockReleased',
  'vouchers.BlockRedeemed',
  'vouchers.VoucherExpired',
  'vouchers.VoucherRevoked',
] as const satisfies readonly VouchersEvent['type'][];

const day = (time: string) => time.slice(0, 10);

/** A block's document keys for its state, so each list finds it by one equality. */
function blockKeys(
  where: { readonly year: number },
  state: BlockState,
  providerId: string | null,
  since: string,
) {
  return {
    state,
    since,
    providerKey: providerId === null ? null : providerKey(providerId, where.year, state),
    providerPeriodKey:
      providerId === null ? null : providerPeriodKey(providerId, where.year, since.slice(0, 7)),
  };
}

const NO_SPENDING = {
  requestId: null,
  applicationId: null,
  programId: null,
  offeringId: null,
  providerId: null,
  contractId: null,
  completedOn: null,
  certificateNumber: null,
} as const;

export const voucherLedger = defineProjection<VouchersEvent>()({
  name: 'voucher-ledger',
  topics: [publicTopic('vouchers')],
  eventTypes: LEDGER_EVENT_TYPES,
  collections: { vouchers, blocks, budgets, tariffs, allotments, contracts },

  project(event): DocumentChange<Collection>[] {
    const position = event.streamPosition;
    const updatedAt = event.time;
    switch (event.type) {
      case 'vouchers.BudgetSet':
      case 'vouchers.BudgetAllotted':
      case 'vouchers.AllotmentReturned': {
        const { region, year, allotted } = event.data;
        const amount = event.type === 'vouchers.BudgetSet' ? { amount: event.data.amount } : {};
        return [
          {
            collection: 'budgets',
            id: budgetId(region, year),
            position,
            set: { region, year, allotted, ...amount, yearKey: yearKey(region, year) },
          },
        ];
      }
      case 'vouchers.TariffSet': {
        const { region, year, costPerHour } = event.data;
        return [
          { collection: 'tariffs', id: budgetId(region, year), position, set: { region, year, costPerHour } },
        ];
      }
      case 'vouchers.AllotmentCredited':
      case 'vouchers.AllotmentReduced':
      case 'vouchers.VouchersCommitted':
      case 'vouchers.VoucherMoneyReturned': {
        // each carries the allotment's totals after it: a change sets them, never adds
        const { region, year, municipalityId, committed } = event.data;
        const allotment = 'allotment' in event.data ? { allotment: event.data.allotment } : {};
        return [
          {
            collection: 'allotments',
            id: allotmentId(region, year, municipalityId),
            position,
            set: { region, year, municipalityId, committed, ...allotment, yearKey: yearKey(region, year) },
          },
        ];
      }
      case 'vouchers.ProviderContractSigned': {
        const { contractId, ...contract } = event.data;
        return [
          {
            collection: 'contracts',
            id: contractId,
            position,
            set: { ...contract, status: 'active', yearKey: yearKey(contract.region, contract.year) },
          },
        ];
      }
      case 'vouchers.ProviderContractTerminated': {
        const { contractId, region, year, providerId, reason, terminatedOn } = event.data;
        return [
          {
            collection: 'contracts',
            id: contractId,
            position,
            set: {
              region,
              year,
              providerId,
              status: 'terminated',
              terminatedOn,
              terminatedBecause: reason,
              yearKey: yearKey(region, year),
            },
          },
        ];
      }
      case 'vouchers.VoucherIssued': {
        const { voucherId, ...voucher } = event.data;
        const since = day(event.time);
        const where = { year: voucher.year, municipalityId: voucher.municipalityId };
        return [
          {
            collection: 'vouchers',
            id: voucherId,
            position,
            set: {
              ...voucher,
              status: 'issued',
              ...Object.fromEntries(
                voucher.blocks.map((b) => [
                  `block${b.block}`,
                  { state: 'free', since, ...NO_SPENDING, amount: null },
                ]),
              ),
              issuedAt: event.time,
              updatedAt,
              yearKey: yearKey(voucher.region, voucher.year),
              organizationKey: organizationKey(voucher.organizationId, voucher.year),
              municipalityKey: municipalityKey(voucher.municipalityId, voucher.year),
            },
          },
          ...voucher.blocks.map((b) => ({
            collection: 'blocks' as const,
            id: blockId(voucherId, b.block),
            position,
            set: {
              voucherId,
              teacherId: voucher.teacherId,
              region: voucher.region,
              year: voucher.year,
              municipalityId: voucher.municipalityId,
              organizationId: voucher.organizationId,
              block: b.block,
              kind: b.kind,
              hours: b.hours,
              matchesProfile: null,
              amount: b.hours * voucher.costPerHour[b.kind],
              ...NO_SPENDING,
              ...blockKeys(where, 'free', null, since),
              municipalityKey: municipalityKey(voucher.municipalityId, voucher.year),
              yearKey: yearKey(voucher.region, voucher.year),
            },
          })),
        ];
      }
      case 'vouchers.BlockReserved': {
        const d = event.data;
        const since = day(event.time);
        const spending = {
          requestId: d.requestId,
          applicationId: d.applicationId,
          programId: d.programId,
          offeringId: d.offeringId,
          providerId: d.providerId,
          contractId: d.contractId,
          completedOn: null,
          certificateNumber: null,
          matchesProfile: d.matchesProfile,
          amount: d.amount,
        };
        return [
          {
            collection: 'vouchers',
            id: d.voucherId,
            position,
            set: { [`block${d.block}`]: { state: 'reserved', since, ...spending }, updatedAt },
          },
          {
            collection: 'blocks',
            id: blockId(d.voucherId, d.block),
            position,
            set: { ...spending, ...blockKeys({ year: d.year }, 'reserved', d.providerId, since) },
          },
        ];
      }
      case 'vouchers.BlockReservationRefused': {
        const { requestId, applicationId, programId, offeringId, providerId, code, message } = event.data;
        return [
          {
            collection: 'vouchers',
            id: event.data.voucherId,
            position,
            set: {
              lastRefusal: {
                requestId,
                applicationId,
                programId,
                offeringId,
                providerId,
                code,
                message,
                at: event.time,
              },
              updatedAt,
            },
          },
        ];
      }
      case 'vouchers.BlockReleased': {
        const d = event.data;
        const since = day(event.time);
        return [
          {
            collection: 'vouchers',
            id: d.voucherId,
            position,
            set: { [`block${d.block}`]: { state: 'free', since, ...NO_SPENDING, amount: null }, updatedAt },
          },
          {
            collection: 'blocks',
            id: blockId(d.voucherId, d.block),
            position,
            set: {
              ...NO_SPENDING,
              matchesProfile: null,
              ...blockKeys({ year: d.year }, 'free', null, since),
            },
          },
        ];
      }
      case 'vouchers.BlockRedeemed': {
        const d = event.data;
        const spending = {
          requestId: d.requestId,
          applicationId: d.applicationId,
          programId: d.programId,
          offeringId: d.offeringId,
          providerId: d.providerId,
          contractId: d.contractId,
          completedOn: d.completedOn,
          certificateNumber: d.certificateNumber,
          amount: d.amount,
        };
        return [
          {
            collection: 'vouchers',
            id: d.voucherId,
            position,
            set: {
              [`block${d.block}`]: {
                state: 'redeemed',
                since: d.completedOn,
                matchesProfile: null,
                ...spending,
              },
              updatedAt,
            },
          },
          {
            collection: 'blocks',
            id: blockId(d.voucherId, d.block),
            position,
            set: { ...spending, ...blockKeys({ year: d.year }, 'redeemed', d.providerId, d.completedOn) },
          },
        ];
      }
      case 'vouchers.VoucherExpired':
      case 'vouchers.VoucherRevoked': {
        const d = event.data;
        const since = day(event.time);
        const expired = event.type === 'vouchers.VoucherExpired';
        const state: BlockState = expired ? 'expired' : 'revoked';
        // expiry names the blocks neither spent nor reserved (a block released after the cycle's end
        // expires in an expiry of its own); revocation the reserved ones it released. A free block a
        // revocation does not name is shown revoked by the queries (the voucher's status). What went
        // back to the allotment is the value of the expired and revoked blocks, added up by the
        // queries: a second expiry's `unspentAmount` is its own block's, so no field can hold a total.
        const ended = expired ? event.data.expiredBlocks : event.data.releasedBlocks;
        const where = { year: d.year, municipalityId: d.municipalityId };
        return [
          {
            collection: 'vouchers',
            id: d.voucherId,
            position,
            set: {
              status: expired ? 'expired' : 'revoked',
              ...(expired ? {} : { revokedBecause: event.data.reason }),
              ...Object.fromEntries(
                ended.map((block) => [`block${block}`, { state, since, ...NO_SPENDING, amount: null }]),
              ),
              updatedAt,
            },
          },
          ...ended.map((block) => ({
            collection: 'blocks' as const,
            id: blockId(d.voucherId, block),
            position,
            set: { ...NO_SPENDING, matchesProfile: null, ...blockKeys(where, state, null, since) },
          })),
        ];
      }
      default:
        return [];
    }
  },
});

import type { BlockReserved, VoucherIssued } from './events.generated';

// The data of every vouchers event version, its envelope and the VouchersEvent union are generated
// from contracts/schemas/vouchers (events.generated.ts). Here: names services give to parts of them,
// taken from the current versions, so they follow a new version by themselves.
export type * from './events.generated';

/** The voucher's category: 72 hours (two variable blocks) or 90 hours (variable + internship). */
export type VoucherCategory = VoucherIssued['data']['category'];

/** One block of a voucher as issued: its number, type, hours, and whether the subject rule binds it. */
export type VoucherBlock = VoucherIssued['data']['blocks'][number];

export type BlockKind = VoucherBlock['kind'];

/** Normative cost of an hour by block type, in roubles (the year's tariff). */
export type CostPerHour = VoucherIssued['data']['costPerHour'];

/** What a reservation request names: the enrollment's request and the course it is for. */
export type ReservationRequestKey = Pick<
  BlockReserved['data'],
  'requestId' | 'applicationId' | 'programId' | 'offeringId' | 'providerId'
>;

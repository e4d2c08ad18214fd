import { publicTopic, type VouchersEvent } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Vouchers (ИОЧ) and their money: one document per voucher, which follows the voucher's stream.
// A block's events (reserved, released, redeemed) are on that stream too but name no municipality,
// so each block is kept inside its voucher's document as a field `block<n>` holding the block's
// whole state: a municipality's figures are one equality read of its vouchers, and each block event
// replaces only its own field. Exact under redelivery: the position guard is the voucher stream's.

/** What a `block<n>` field holds. */
export interface BlockState {
  readonly status: 'reserved' | 'released' | 'redeemed';
  /** Money the block holds (reserved) or paid (redeemed); 0 once released. */
  readonly amount: number;
  readonly providerId: string;
}

export const blockField = (block: number): string => `block${block}`;

/** A voucher's document as read: its own fields and each block's state in a `block<n>` field. */
export type VoucherDocument = {
  amount?: number;
  status?: string;
  unspentAmount?: number;
} & Record<string, unknown>;

/** What a scope's vouchers add up to: the figures' and the school's `vouchers` alike. */
export interface VoucherTotals {
  readonly issued: number;
  readonly issuedAmount: number;
  readonly reservedBlocks: number;
  readonly reservedAmount: number;
  readonly redeemedBlocks: number;
  readonly redeemedAmount: number;
  readonly releasedBlocks: number;
  readonly expired: number;
  readonly revoked: number;
  readonly unspentAmount: number;
}

/** The vouchers' documents of a scope added up, their blocks by state. */
export function voucherTotalsOf(vouchers: readonly VoucherDocument[]): VoucherTotals {
  const blocks = vouchers.flatMap((voucher) =>
    Object.entries(voucher)
      .filter(([field]) => /^block\d+$/.test(field))
      .map(([, state]) => state as BlockState),
  );
  const sum = (documents: readonly { readonly amount?: number | null }[]) =>
    documents.reduce((total, document) => total + (document.amount ?? 0), 0);
  const blocksIn = (status: BlockState['status']) => blocks.filter((block) => block.status === status);
  return {
    issued: vouchers.length,
    issuedAmount: sum(vouchers),
    reservedBlocks: blocksIn('reserved').length,
    reservedAmount: sum(blocksIn('reserved')),
    redeemedBlocks: blocksIn('redeemed').length,
    redeemedAmount: sum(blocksIn('redeemed')),
    releasedBlocks: blocksIn('released').length,
    expired: vouchers.filter((voucher) => voucher.status === 'expired').length,
    revoked: vouchers.filter((voucher) => voucher.status === 'revoked').length,
    unspentAmount: vouchers.reduce((total, voucher) => total + (voucher.unspentAmount ?? 0), 0),
  };
}

const vouchers = new Schema(
  {
    _id: String,
    region: String,
    year: Number,
    municipalityId: String,
    organizationId: String,
    amount: Number,
    status: String,
    unspentAmount: Number,
  },
  // the block<n> fields are as many as the voucher's blocks (two today): not declared one by one
  { versionKey: false, strict: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1, year: 1 });

export type VoucherFiguresCollection = 'vouchers';

export const voucherFigures = defineProjection<VouchersEvent>()({
  name: 'monitoring-voucher-figures',
  topics: [publicTopic('vouchers')],
  eventTypes: [
    'vouchers.VoucherIssued',
    'vouchers.VoucherExpired',
    'vouchers.VoucherRevoked',
    'vouchers.BlockReserved',
    'vouchers.BlockReleased',
    'vouchers.BlockRedeemed',
  ],
  collections: { vouchers },

  project(event): DocumentChange<VoucherFiguresCollection>[] {
    // every event read here is of one voucher's stream, the document's id
    const change = (
      voucherId: string,
      set: Record<string, unknown>,
    ): DocumentChange<VoucherFiguresCollection>[] => [
      { collection: 'vouchers', id: voucherId, position: event.streamPosition, set },
    ];
    const block = (voucherId: string, n: number, state: BlockState) =>
      change(voucherId, { [blockField(n)]: state });
    switch (event.type) {
      case 'vouchers.VoucherIssued': {
        const { voucherId, region, year, municipalityId, organizationId, amount } = event.data;
        return change(voucherId, {
          region,
          year,
          municipalityId,
          organizationId,
          amount,
          status: 'issued',
          unspentAmount: 0,
        });
      }
      case 'vouchers.VoucherExpired':
      case 'vouchers.VoucherRevoked': {
        const { voucherId, region, year, municipalityId, unspentAmount } = event.data;
        const status = event.type === 'vouchers.VoucherExpired' ? 'expired' : 'revoked';
        return change(voucherId, { region, year, municipalityId, status, unspentAmount });
      }
      case 'vouchers.BlockReserved':
        return block(event.data.voucherId, event.data.block, {
          status: 'reserved',
          amount: event.data.amount,
          providerId: event.data.providerId,
        });
      case 'vouchers.BlockReleased':
        // a released block holds no money: it went back to the voucher
        return block(event.data.voucherId, event.data.block, {
          status: 'released',
          amount: 0,
          providerId: event.data.providerId,
        });
      case 'vouchers.BlockRedeemed':
        return block(event.data.voucherId, event.data.block, {
          status: 'redeemed',
          amount: event.data.amount,
          providerId: event.data.providerId,
        });
      default:
        return [];
    }
  },
});

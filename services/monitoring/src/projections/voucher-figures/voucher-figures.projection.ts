import { publicTopic, type VouchersEvent } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Vouchers (ИОЧ) and their money: one document per voucher and one per block, both following the
// voucher's stream, so the counts and sums are exact under redelivery. A block's event names no
// municipality: the queries take it from the block's voucher.

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
  { versionKey: false },
)
  .index({ region: 1, year: 1 })
  .index({ municipalityId: 1, year: 1 });

/** `${voucherId}:${block}`: reserved, released or redeemed, with the money it holds or paid. */
const blocks = new Schema(
  {
    _id: String,
    region: String,
    year: Number,
    voucherId: String,
    providerId: String,
    programId: String,
    status: String,
    amount: Number,
  },
  { versionKey: false },
).index({ region: 1, year: 1 });

export type VoucherFiguresCollection = 'vouchers' | 'blocks';

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
  collections: { vouchers, blocks },

  project(event): DocumentChange<VoucherFiguresCollection>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'vouchers.VoucherIssued': {
        const { voucherId, region, year, municipalityId, organizationId, amount } = event.data;
        return [
          {
            collection: 'vouchers',
            id: voucherId,
            position,
            set: { region, year, municipalityId, organizationId, amount, status: 'issued', unspentAmount: 0 },
          },
        ];
      }
      case 'vouchers.VoucherExpired':
      case 'vouchers.VoucherRevoked': {
        const { voucherId, region, year, municipalityId, unspentAmount } = event.data;
        const status = event.type === 'vouchers.VoucherExpired' ? 'expired' : 'revoked';
        return [
          {
            collection: 'vouchers',
            id: voucherId,
            position,
            set: { region, year, municipalityId, status, unspentAmount },
          },
        ];
      }
      case 'vouchers.BlockReserved': {
        const { voucherId, block, region, year, providerId, programId, amount } = event.data;
        return [
          {
            collection: 'blocks',
            id: `${voucherId}:${block}`,
            position,
            set: { region, year, voucherId, providerId, programId, status: 'reserved', amount },
          },
        ];
      }
      case 'vouchers.BlockReleased': {
        const { voucherId, block, region, year, providerId } = event.data;
        return [
          {
            collection: 'blocks',
            id: `${voucherId}:${block}`,
            position,
            // a released block holds no money: it went back to the voucher
            set: { region, year, voucherId, providerId, status: 'released', amount: 0 },
          },
        ];
      }
      case 'vouchers.BlockRedeemed': {
        const { voucherId, block, region, year, providerId, programId, amount } = event.data;
        return [
          {
            collection: 'blocks',
            id: `${voucherId}:${block}`,
            position,
            set: { region, year, voucherId, providerId, programId, status: 'redeemed', amount },
          },
        ];
      }
      default:
        return [];
    }
  },
});

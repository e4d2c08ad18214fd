import { publicTopic, type VouchersEvent } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { blockId, yearKey } from '../voucher-ledger/voucher-ledger.projection';

// Redemptions by day, for the fraud signal "unusually many completions of one provider on one day".
// A count per (region, provider, day) would be written by many voucher streams at once, so it is not
// kept: one document per redeemed block (voucher-<id> is its only writer — docs/read-models.md,
// rule 1), and the counts are made at query time from the documents one indexed equality on
// (region, year) selects. A block is redeemed once, and nothing takes a redemption back. The
// application and program ride along for the signal "redemption without attendance recorded": the
// application is what enrollment's attendance names.

const redemptions = new Schema(
  {
    _id: String,
    region: String,
    year: Number,
    providerId: String,
    /** The completion day the provider reported (YYYY-MM-DD), not the day the event was written. */
    day: String,
    voucherId: String,
    block: Number,
    applicationId: String,
    programId: String,
    yearKey: String,
  },
  { versionKey: false },
).index({ yearKey: 1 });

export const redemptionDays = defineProjection<VouchersEvent>()({
  name: 'vouchers-redemption-days',
  topics: [publicTopic('vouchers')],
  eventTypes: ['vouchers.BlockRedeemed'],
  collections: { redemptions },

  project(event): DocumentChange<'redemptions'>[] {
    if (event.type !== 'vouchers.BlockRedeemed') return [];
    const { voucherId, block, region, year, providerId, completedOn, applicationId, programId } = event.data;
    return [
      {
        collection: 'redemptions',
        id: blockId(voucherId, block),
        position: event.streamPosition,
        set: {
          region,
          year,
          providerId,
          day: completedOn,
          voucherId,
          block,
          applicationId,
          programId,
          yearKey: yearKey(region, year),
        },
      },
    ];
  },
});

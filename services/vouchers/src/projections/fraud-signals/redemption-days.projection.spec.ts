import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { redemptionDays } from './redemption-days.projection';

describe('redemption days projection', () => {
  it('keeps one document per redeemed block with its provider and completion day', () => {
    const redeemed = publishedEvent(
      'vouchers.BlockRedeemed',
      { block: 2, completedOn: '2026-04-17' },
      { subject: 'voucher-9d4e2b71-6c3a-4f85-b1e0-2a7c5d9f3e68', position: 3 },
    );
    const { voucherId, providerId, region, year, applicationId, programId } = redeemed.data;
    projectionSpec(redemptionDays)
      .given([redeemed])
      .then('redemptions', [
        {
          _id: `${voucherId}/2`,
          region,
          year,
          providerId,
          day: '2026-04-17',
          voucherId,
          block: 2,
          applicationId,
          programId,
          yearKey: `${region}|${year}`,
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('ignores the other vouchers events', () => {
    projectionSpec(redemptionDays)
      .given([publishedEvent('vouchers.BlockReserved', {}, { subject: 'voucher-x', position: 1 })])
      .then('redemptions', [])
      .thenRedeliveryChangesNothing();
  });
});

import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { voucherFigures } from './voucher-figures.projection';

const voucherId = '9d4e2b71-6c3a-4f85-b1e0-2a7c5d9f3e68';
const voucher = { subject: `voucher-${voucherId}` };

describe('voucher figures projection', () => {
  const issued = publishedEvent(
    'vouchers.VoucherIssued',
    { voucherId, region: '63', year: 2026, amount: 14_400 },
    { ...voucher, position: 0 },
  );
  const reserved = (block: number, position: number) =>
    publishedEvent(
      'vouchers.BlockReserved',
      { voucherId, region: '63', year: 2026, block, amount: 7_200 },
      { ...voucher, position },
    );

  it('follows each block from reserved to redeemed or released, the voucher to its end', () => {
    const redeemed = publishedEvent(
      'vouchers.BlockRedeemed',
      { voucherId, region: '63', year: 2026, block: 1, amount: 7_200 },
      { ...voucher, position: 3 },
    );
    const released = publishedEvent(
      'vouchers.BlockReleased',
      { voucherId, region: '63', year: 2026, block: 2 },
      { ...voucher, position: 4 },
    );
    const expired = publishedEvent(
      'vouchers.VoucherExpired',
      { voucherId, region: '63', year: 2026, unspentAmount: 7_200 },
      { ...voucher, position: 5 },
    );
    projectionSpec(voucherFigures)
      .given([issued, reserved(1, 1), reserved(2, 2), redeemed, released, expired])
      .thenDocument('vouchers', voucherId, {
        status: 'expired',
        amount: 14_400,
        unspentAmount: 7_200,
        block1: { status: 'redeemed', amount: 7_200 },
        block2: { status: 'released', amount: 0 },
      })
      .thenRedeliveryChangesNothing();
  });

  it('holds the money of a block still reserved', () => {
    projectionSpec(voucherFigures)
      .given([issued, reserved(1, 1)])
      .thenDocument('vouchers', voucherId, {
        status: 'issued',
        block1: { status: 'reserved', amount: 7_200 },
      })
      .thenRedeliveryChangesNothing();
  });
});

import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { blockId, providerKey, providerPeriodKey, voucherLedger } from './voucher-ledger.projection';

const voucherId = '9d4e2b71-6c3a-4f85-b1e0-2a7c5d9f3e68';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const onVoucher = (position: number, time = '2026-03-02T10:15:00.000Z') => ({
  subject: `voucher-${voucherId}`,
  position,
  time,
});
const issued = publishedEvent(
  'vouchers.VoucherIssued',
  { voucherId },
  onVoucher(0, '2026-02-01T08:00:00.000Z'),
);
const reserved = publishedEvent('vouchers.BlockReserved', { voucherId, block: 1 }, onVoucher(1));
const released = publishedEvent('vouchers.BlockReleased', { voucherId, block: 1 }, onVoucher(2));
const reservedAgain = publishedEvent('vouchers.BlockReserved', { voucherId, block: 1 }, onVoucher(3));
const redeemed = publishedEvent(
  'vouchers.BlockRedeemed',
  { voucherId, block: 1, completedOn: '2026-04-17' },
  onVoucher(4),
);
const expired = publishedEvent(
  'vouchers.VoucherExpired',
  { voucherId, expiredBlocks: [2], unspentAmount: 9000 },
  onVoucher(5, '2027-01-01T00:00:00.000Z'),
);

describe('voucher ledger projection', () => {
  it('shows a voucher as issued, each block free and valued at the tariff', () => {
    projectionSpec(voucherLedger)
      .given([issued])
      .thenDocument('vouchers', voucherId, {
        status: 'issued',
        category: '72-hours',
        amount: 18_000,
        block1: { state: 'free', since: '2026-02-01' },
        block2: { state: 'free' },
        yearKey: '63|2026',
        organizationKey: `${issued.data.organizationId}|2026`,
      })
      .thenDocument('blocks', blockId(voucherId, 2), {
        state: 'free',
        kind: 'variable',
        amount: 9000,
        providerKey: null,
        municipalityKey: `${issued.data.municipalityId}|2026`,
      })
      .thenRedeliveryChangesNothing();
  });

  it('follows a block from reservation through release to redemption, for the provider’s lists', () => {
    projectionSpec(voucherLedger)
      .given([issued, reserved, released, reservedAgain, redeemed])
      .thenDocument('vouchers', voucherId, {
        block1: { state: 'redeemed', providerId, amount: 9000, completedOn: '2026-04-17' },
        block2: { state: 'free' },
      })
      .thenDocument('blocks', blockId(voucherId, 1), {
        state: 'redeemed',
        providerId,
        contractId: redeemed.data.contractId,
        since: '2026-04-17',
        providerKey: providerKey(providerId, 2026, 'redeemed'),
        providerPeriodKey: providerPeriodKey(providerId, 2026, '2026-04'),
      })
      .thenRedeliveryChangesNothing();
  });

  it('frees a released block, with nothing of the cancelled course left on it', () => {
    projectionSpec(voucherLedger)
      .given([issued, reserved, released])
      .thenDocument('blocks', blockId(voucherId, 1), {
        state: 'free',
        providerId: null,
        programId: null,
        providerKey: null,
      })
      .thenDocument('vouchers', voucherId, { block1: { state: 'free', providerId: null } });
  });

  it('expires what was unspent, and keeps what was redeemed', () => {
    projectionSpec(voucherLedger)
      .given([issued, reserved, redeemed, expired])
      .thenDocument('vouchers', voucherId, {
        status: 'expired',
        block1: { state: 'redeemed' },
        block2: { state: 'expired', since: '2027-01-01' },
      })
      .thenDocument('blocks', blockId(voucherId, 2), { state: 'expired' })
      .thenRedeliveryChangesNothing();
  });

  it('marks a revocation’s released blocks revoked, with its reason', () => {
    const revoked = publishedEvent(
      'vouchers.VoucherRevoked',
      { voucherId, releasedBlocks: [1], unspentAmount: 18_000, reason: 'Педагог уволился' },
      onVoucher(2),
    );
    projectionSpec(voucherLedger)
      .given([issued, reserved, revoked])
      .thenDocument('vouchers', voucherId, {
        status: 'revoked',
        revokedBecause: 'Педагог уволился',
        block1: { state: 'revoked' },
      })
      .thenDocument('blocks', blockId(voucherId, 1), { state: 'revoked', providerKey: null });
  });

  it('keeps the last refusal for the teacher to read', () => {
    const refused = publishedEvent('vouchers.BlockReservationRefused', { voucherId }, onVoucher(1));
    projectionSpec(voucherLedger)
      .given([issued, refused])
      .thenDocument('vouchers', voucherId, {
        lastRefusal: { code: refused.data.code, message: refused.data.message },
      });
  });

  it('keeps the budget, tariff, allotments and contracts as their streams’ totals', () => {
    const budgetSet = publishedEvent(
      'vouchers.BudgetSet',
      { amount: 1_000_000, allotted: 0 },
      { subject: 'budget-63-2026' },
    );
    const allotted = publishedEvent(
      'vouchers.BudgetAllotted',
      { amount: 400_000, municipalityAllotted: 400_000, allotted: 400_000 },
      { subject: 'budget-63-2026', position: 1 },
    );
    const credited = publishedEvent('vouchers.AllotmentCredited', {}, { subject: 'allotment', position: 0 });
    const committed = publishedEvent(
      'vouchers.VouchersCommitted',
      { committed: 18_000, allotment: 400_000 },
      { subject: 'allotment', position: 1 },
    );
    const signed = publishedEvent('vouchers.ProviderContractSigned', {}, { subject: 'contract' });
    const terminated = publishedEvent(
      'vouchers.ProviderContractTerminated',
      {},
      { subject: 'contract', position: 1 },
    );
    const scenario = projectionSpec(voucherLedger)
      .given([budgetSet, allotted, credited, committed, signed, terminated])
      .thenDocument('budgets', '63-2026', { amount: 1_000_000, allotted: 400_000 })
      .thenDocument('contracts', signed.data.contractId, {
        status: 'terminated',
        number: signed.data.number,
      });
    expect(scenario.documents('allotments')).toEqual([
      expect.objectContaining({
        committed: 18_000,
        allotment: 400_000,
        municipalityId: credited.data.municipalityId,
      }),
    ]);
    scenario.thenRedeliveryChangesNothing();
  });

  it('takes the totals after money is taken back from an allotment and returned to the budget', () => {
    const budgetSet = publishedEvent(
      'vouchers.BudgetSet',
      { amount: 1_000_000 },
      { subject: 'budget-63-2026' },
    );
    const allotted = publishedEvent(
      'vouchers.BudgetAllotted',
      { amount: 400_000, municipalityAllotted: 400_000, allotted: 400_000 },
      { subject: 'budget-63-2026', position: 1 },
    );
    const returned = publishedEvent(
      'vouchers.AllotmentReturned',
      { amount: 100_000, municipalityAllotted: 300_000, allotted: 300_000 },
      { subject: 'budget-63-2026', position: 2 },
    );
    const committed = publishedEvent(
      'vouchers.VouchersCommitted',
      { committed: 18_000, allotment: 400_000 },
      { subject: 'allotment', position: 1 },
    );
    const reduced = publishedEvent(
      'vouchers.AllotmentReduced',
      { amount: 100_000, allotment: 300_000, committed: 18_000 },
      { subject: 'allotment', position: 2 },
    );
    const scenario = projectionSpec(voucherLedger)
      .given([budgetSet, allotted, returned, committed, reduced])
      .thenDocument('budgets', '63-2026', { amount: 1_000_000, allotted: 300_000 });
    expect(scenario.documents('allotments')).toEqual([
      expect.objectContaining({ committed: 18_000, allotment: 300_000 }),
    ]);
    scenario.thenRedeliveryChangesNothing();
  });
});

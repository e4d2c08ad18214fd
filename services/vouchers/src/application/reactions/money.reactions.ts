import {
  type AllotmentReduced,
  type BudgetAllotted,
  endOfRegionDay,
  type VoucherExpired,
  type VoucherRevoked,
  type VouchersCommitted,
} from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { allotment } from '../../domain/allotment.decider';
import { budget } from '../../domain/budget.decider';
import { voucher } from '../../domain/voucher.decider';

/** The cycle ends with the year on the region's clock: what a voucher has not spent by then expires. */
export const endOfCycle = (year: number, region: string) => endOfRegionDay(region, `${year}-12-31`);

/**
 * Each committed voucher is issued from what the commitment recorded (a command that cannot be refused:
 * the first event of a new stream, or nothing when it is there), and its expiry waits for the cycle's end.
 */
export const issueCommittedVouchers: Reaction<VouchersCommitted> = {
  name: 'issue-committed-vouchers', // part of every idempotency key: never rename a live reaction
  events: ['vouchers.VouchersCommitted'],
  react(event) {
    const { region, year, municipalityId, costPerHour } = event.data;
    return event.data.vouchers.flatMap((v) => [
      issue(voucher, [v.voucherId], {
        type: 'IssueVoucher',
        voucherId: v.voucherId,
        teacherId: v.teacherId,
        region,
        year,
        municipalityId,
        organizationId: v.organizationId,
        position: v.position,
        organizationKind: v.organizationKind,
        subjects: v.subjects,
        workProfile: v.workProfile,
        category: v.category,
        blocks: v.blocks,
        costPerHour,
        amount: v.amount,
      }),
      issue(
        voucher,
        [v.voucherId],
        { type: 'ExpireVoucher', voucherId: v.voucherId },
        { at: endOfCycle(year, region) },
      ),
    ]);
  },
};

/** Money allotted on the year's budget reaches the municipality's allotment (never refused). */
export const creditAllotment: Reaction<BudgetAllotted> = {
  name: 'credit-allotment',
  events: ['vouchers.BudgetAllotted'],
  react(event) {
    const { region, year, municipalityId, amount } = event.data;
    return [
      issue(allotment, [region, year, municipalityId], {
        type: 'CreditAllotment',
        region,
        year,
        municipalityId,
        amount,
      }),
    ];
  },
};

/** What a revoked or expired voucher did not spend goes back to its allotment (never refused). */
export const returnVoucherMoney: Reaction<VoucherExpired | VoucherRevoked> = {
  name: 'return-voucher-money',
  events: ['vouchers.VoucherExpired', 'vouchers.VoucherRevoked'],
  react(event) {
    const { region, year, municipalityId, voucherId, unspentAmount } = event.data;
    if (unspentAmount === 0) return [];
    return [
      issue(allotment, [region, year, municipalityId], {
        type: 'ReturnVoucherMoney',
        region,
        year,
        municipalityId,
        voucherId,
        amount: unspentAmount,
      }),
    ];
  },
};

/** Money taken back from an allotment returns to the year's budget, to be allotted again (never refused). */
export const returnAllotmentToBudget: Reaction<AllotmentReduced> = {
  name: 'return-allotment-to-budget', // part of every idempotency key: never rename a live reaction
  events: ['vouchers.AllotmentReduced'],
  react(event) {
    const { region, year, municipalityId, amount } = event.data;
    return [issue(budget, [region, year], { type: 'ReturnAllotment', region, year, municipalityId, amount })];
  },
};

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type {
  ApplicationCancelled,
  AllotmentReduced,
  BudgetAllotted,
  CourseCompleted,
  LearnerDroppedOut,
  VoucherBlockRequested,
  VoucherExpired,
  VoucherRevoked,
  VouchersCommitted,
} from '@pk/contracts';
import { ReactionRunner } from '@pk/kernel';
import {
  redeemCompletedBlock,
  releaseBlockOfApplication,
  reserveRequestedBlock,
} from '../application/reactions/enrollment.reactions';
import {
  creditAllotment,
  returnAllotmentToBudget,
  issueCommittedVouchers,
  returnVoucherMoney,
} from '../application/reactions/money.reactions';
import { ReservationIndex } from '../projections/reservation-index/reservation-index.queries';

/** Vouchers' reactions: to enrollment's requests and outcomes, and to its own money events (backstops). */
@Controller()
export class VoucherReactions {
  private readonly release;
  private readonly redeem;

  constructor(
    private readonly reactions: ReactionRunner,
    reservations: ReservationIndex,
  ) {
    this.release = releaseBlockOfApplication(reservations);
    this.redeem = redeemCompletedBlock(reservations);
  }

  @EventPattern('enrollment.VoucherBlockRequested')
  onVoucherBlockRequested(@Payload() event: VoucherBlockRequested) {
    return this.reactions.run(reserveRequestedBlock, event);
  }

  @EventPattern('enrollment.ApplicationCancelled')
  onApplicationCancelled(@Payload() event: ApplicationCancelled) {
    return this.reactions.run(this.release, event);
  }

  @EventPattern('enrollment.LearnerDroppedOut')
  onLearnerDroppedOut(@Payload() event: LearnerDroppedOut) {
    return this.reactions.run(this.release, event);
  }

  @EventPattern('enrollment.CourseCompleted')
  onCourseCompleted(@Payload() event: CourseCompleted) {
    return this.reactions.run(this.redeem, event);
  }

  /** The backstop of the credit VoucherCommands runs as the budget is allotted. */
  @EventPattern('vouchers.BudgetAllotted')
  onBudgetAllotted(@Payload() event: BudgetAllotted) {
    return this.reactions.run(creditAllotment, event);
  }

  /** The backstop of the return to the budget VoucherCommands runs as an allotment is reduced. */
  @EventPattern('vouchers.AllotmentReduced')
  onAllotmentReduced(@Payload() event: AllotmentReduced) {
    return this.reactions.run(returnAllotmentToBudget, event);
  }

  /** The backstop of the issue VoucherCommands runs as vouchers are committed. */
  @EventPattern('vouchers.VouchersCommitted')
  onVouchersCommitted(@Payload() event: VouchersCommitted) {
    return this.reactions.run(issueCommittedVouchers, event);
  }

  @EventPattern('vouchers.VoucherExpired')
  onVoucherExpired(@Payload() event: VoucherExpired) {
    return this.reactions.run(returnVoucherMoney, event);
  }

  @EventPattern('vouchers.VoucherRevoked')
  onVoucherRevoked(@Payload() event: VoucherRevoked) {
    return this.reactions.run(returnVoucherMoney, event);
  }
}

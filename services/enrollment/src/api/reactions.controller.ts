import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type {
  BlockReservationRefused,
  BlockReserved,
  OfferingCancelled,
  OfferingClosed,
  OfferingOpened,
  OfferingStarted,
  VoucherBlockRequested,
} from '@pk/contracts';
import { ReactionRunner } from '@pk/kernel';
import { blockRequestDeadline } from '../application/reactions/deadlines.reaction';
import {
  cancelGroup,
  closeEnrollment,
  openGroup,
  recordBlockAnswer,
  startCourse,
} from '../application/reactions/offering.reactions';

/** Enrollment's reactions: to catalog's offerings, to vouchers' answers, and its own deadline backstop. */
@Controller()
export class EnrollmentReactions {
  constructor(private readonly reactions: ReactionRunner) {}

  @EventPattern('catalog.OfferingOpened')
  onOfferingOpened(@Payload() event: OfferingOpened) {
    return this.reactions.run(openGroup, event);
  }

  @EventPattern('catalog.OfferingClosed')
  onOfferingClosed(@Payload() event: OfferingClosed) {
    return this.reactions.run(closeEnrollment, event);
  }

  @EventPattern('catalog.OfferingStarted')
  onOfferingStarted(@Payload() event: OfferingStarted) {
    return this.reactions.run(startCourse, event);
  }

  @EventPattern('catalog.OfferingCancelled')
  onOfferingCancelled(@Payload() event: OfferingCancelled) {
    return this.reactions.run(cancelGroup, event);
  }

  @EventPattern('vouchers.BlockReserved')
  onBlockReserved(@Payload() event: BlockReserved) {
    return this.reactions.run(recordBlockAnswer, event);
  }

  @EventPattern('vouchers.BlockReservationRefused')
  onBlockReservationRefused(@Payload() event: BlockReservationRefused) {
    return this.reactions.run(recordBlockAnswer, event);
  }

  /** The backstop of the deadline GroupCommands schedules as the block is requested. */
  @EventPattern('enrollment.VoucherBlockRequested')
  onVoucherBlockRequested(@Payload() event: VoucherBlockRequested) {
    return this.reactions.run(blockRequestDeadline, event);
  }
}

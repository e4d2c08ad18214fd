import {
  type ApplicationCancelled,
  type CourseCompleted,
  type LearnerDroppedOut,
  regionDateOf,
  type VoucherBlockRequested,
} from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { voucher } from '../../domain/voucher.decider';
import { voucherIdOf } from '../ids';

/**
 * Enrollment asks for a block: reserve it on the teacher's voucher of the year, and answer either way
 * (vouchers.BlockReserved, or a stored vouchers.BlockReservationRefused with the reason), since
 * enrollment waits for the answer. The program and the contract are read when decided.
 */
export const reserveRequestedBlock: Reaction<VoucherBlockRequested> = {
  name: 'reserve-requested-block',
  events: ['enrollment.VoucherBlockRequested'],
  react(event) {
    const { requestId, applicationId, teacherId, region, year, programId, offeringId, providerId } =
      event.data;
    const voucherId = voucherIdOf(teacherId, year);
    return [
      issue(voucher, [voucherId], {
        type: 'ReserveBlock',
        voucherId,
        region,
        teacherId,
        year,
        request: { requestId, applicationId, programId, offeringId, providerId },
        // the contract is judged on the day the teacher asked, not the day the request is processed
        on: regionDateOf(region, new Date(event.time)),
        recordRefusal: true,
      }),
    ];
  },
};

/** Which voucher an application reserved on: enrollment's later events name the application only. */
export interface ReservationsOfApplications {
  voucherOf(applicationId: string): Promise<string | null>;
}

/** A cancelled application, or a teacher who dropped out, gives its block back. */
export const releaseBlockOfApplication = (
  reservations: ReservationsOfApplications,
): Reaction<ApplicationCancelled | LearnerDroppedOut> => ({
  name: 'release-block-of-application',
  events: ['enrollment.ApplicationCancelled', 'enrollment.LearnerDroppedOut'],
  async react(event) {
    const { applicationId, region, reason } = event.data;
    const voucherId = await reservations.voucherOf(applicationId);
    if (!voucherId) return []; // the application never held a block: nothing to give back
    const cause = event.type === 'enrollment.ApplicationCancelled' ? 'cancelled' : 'dropout';
    return [
      issue(voucher, [voucherId], { type: 'ReleaseBlock', voucherId, region, applicationId, cause, reason }),
    ];
  },
});

/** A completed course spends its block: a payable to the provider at the voucher's tariff. */
export const redeemCompletedBlock = (
  reservations: ReservationsOfApplications,
): Reaction<CourseCompleted> => ({
  name: 'redeem-completed-block',
  events: ['enrollment.CourseCompleted'],
  async react(event) {
    // enrollmentId is the application's id (the contract's first consumer, diagnostics, reads it so)
    const { enrollmentId: applicationId, region, completedOn, certificateNumber } = event.data;
    const voucherId = await reservations.voucherOf(applicationId);
    if (!voucherId) return []; // a course paid otherwise (the state assignment): no voucher to spend
    return [
      issue(voucher, [voucherId], {
        type: 'RedeemBlock',
        voucherId,
        region,
        applicationId,
        completedOn,
        certificateNumber,
      }),
    ];
  },
});

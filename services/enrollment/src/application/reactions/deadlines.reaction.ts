import type { EventEnvelope, VoucherBlockRequested } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { group } from '../../domain/group.decider';
import type { ApplicationSubmitted } from '../../private-events';

/**
 * How long an application waits for vouchers' answer before it is closed and any block given back.
 * A day: vouchers answers in seconds when it runs, and a reserved block must not stay with an
 * application that is dead. `ENROLLMENT_BLOCK_WAIT_SECONDS` shortens it for specs and drills.
 */
export const blockWaitMs = () => Number(process.env['ENROLLMENT_BLOCK_WAIT_SECONDS'] ?? 86_400) * 1000;

/** The stored private event as the decided hook hands it over. */
export type SubmittedEnvelope = EventEnvelope<ApplicationSubmitted['type'], ApplicationSubmitted['data']>;

/** Every application has its coordinator's deadline: unanswered by then, it lapses. */
export const approvalDeadline: Reaction<SubmittedEnvelope> = {
  name: 'approval-deadline',
  events: ['enrollment.ApplicationSubmitted'],
  react(event) {
    const { offeringId, applicationId, approvalDueBy } = event.data;
    return [
      issue(group, [offeringId], { type: 'LapseApproval', applicationId }, { at: new Date(approvalDueBy) }),
    ];
  },
};

/**
 * Every block request has its deadline: unanswered by then, the application closes and tells vouchers
 * it is cancelled, so a block reserved later still goes back (the compensation). Decided on the group
 * as it is then: an answer in time makes it decide nothing.
 */
export const blockRequestDeadline: Reaction<VoucherBlockRequested> = {
  name: 'block-request-deadline',
  events: ['enrollment.VoucherBlockRequested'],
  react(event) {
    const { offeringId, applicationId, requestId } = event.data;
    const at = new Date(new Date(event.time).getTime() + blockWaitMs());
    return [issue(group, [offeringId], { type: 'ExpireBlockRequest', applicationId, requestId }, { at })];
  },
};

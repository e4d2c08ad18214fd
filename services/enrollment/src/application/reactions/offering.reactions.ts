import type {
  BlockReservationRefused,
  BlockReserved,
  OfferingCancelled,
  OfferingClosed,
  OfferingOpened,
  OfferingStarted,
} from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { group } from '../../domain/group.decider';

/** Catalog opened an offering: its group opens for applications, with the offering's sizes. */
export const openGroup: Reaction<OfferingOpened> = {
  name: 'open-group',
  events: ['catalog.OfferingOpened'],
  react(event) {
    const {
      offeringId,
      programId,
      providerId,
      region,
      capacity,
      minimumGroupSize,
      startsOn,
      enrollmentDeadline,
    } = event.data;
    return [
      issue(group, [offeringId], {
        type: 'OpenGroup',
        offeringId,
        programId,
        providerId,
        region,
        capacity,
        minimumGroupSize,
        startsOn,
        enrollmentDeadline,
      }),
    ];
  },
};

/** The enrollment deadline: catalog closed the offering (its start, below, ends enrollment too). */
export const closeEnrollment: Reaction<OfferingClosed> = {
  name: 'close-enrollment',
  events: ['catalog.OfferingClosed'],
  react(event) {
    const { offeringId } = event.data;
    return [issue(group, [offeringId], { type: 'CloseEnrollment', offeringId })];
  },
};

/**
 * Catalog started the offering — on its first day, or earlier when its provider started it
 * (`POST …/offerings/:id/start`): enrollment ends if it had not, and the course runs from that day,
 * recorded on the group's stream (CourseStarted) as the start date passing would be.
 */
export const startCourse: Reaction<OfferingStarted> = {
  name: 'start-course',
  events: ['catalog.OfferingStarted'],
  react(event) {
    const { offeringId } = event.data;
    return [issue(group, [offeringId], { type: 'StartCourse', offeringId, startedAt: event.time })];
  },
};

export const cancelGroup: Reaction<OfferingCancelled> = {
  name: 'cancel-group',
  events: ['catalog.OfferingCancelled'],
  react(event) {
    const { offeringId, reason } = event.data;
    return [issue(group, [offeringId], { type: 'CancelGroup', offeringId, reason })];
  },
};

/** Vouchers' answers to the group's block requests: each names the offering and the application. */
export const recordBlockAnswer: Reaction<BlockReserved | BlockReservationRefused> = {
  name: 'record-block-answer',
  events: ['vouchers.BlockReserved', 'vouchers.BlockReservationRefused'],
  react(event) {
    if (event.type === 'vouchers.BlockReserved') {
      const { offeringId, applicationId, requestId, voucherId, block } = event.data;
      return [
        issue(group, [offeringId], {
          type: 'RecordBlockReserved',
          applicationId,
          requestId,
          voucherId,
          block,
        }),
      ];
    }
    const { offeringId, applicationId, requestId, code, message } = event.data;
    return [
      issue(group, [offeringId], { type: 'RecordBlockRefused', applicationId, requestId, code, message }),
    ];
  },
};

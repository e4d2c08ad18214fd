import { publicTopic, type VouchersEvent } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Which voucher holds a block for an application: enrollment's completion, cancellation and dropout
// name the application, not the voucher (a course may end in another year than its voucher's). One
// document per application, written by the voucher stream that reserved for it; an application
// reserves on one voucher only (its teacher's of the requested year).

const reservations = new Schema(
  { _id: String, voucherId: String, region: String, teacherId: String, year: Number },
  { versionKey: false },
);

export const reservationIndex = defineProjection<VouchersEvent>()({
  name: 'vouchers-reservation-index',
  topics: [publicTopic('vouchers')],
  eventTypes: ['vouchers.BlockReserved'],
  collections: { reservation_index: reservations },

  project(event): DocumentChange<'reservation_index'>[] {
    if (event.type !== 'vouchers.BlockReserved') return [];
    const { applicationId, voucherId, region, teacherId, year } = event.data;
    return [
      {
        collection: 'reservation_index',
        id: applicationId,
        position: event.streamPosition,
        set: { voucherId, region, teacherId, year },
      },
    ];
  },
});

import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { reservationIndex } from './reservation-index.projection';

describe('reservation index projection', () => {
  it('finds the voucher an application reserved on', () => {
    const reserved = publishedEvent(
      'vouchers.BlockReserved',
      {},
      { subject: 'voucher-9d4e2b71-6c3a-4f85-b1e0-2a7c5d9f3e68', position: 1 },
    );
    projectionSpec(reservationIndex)
      .given([reserved])
      .then('reservation_index', [
        {
          _id: reserved.data.applicationId,
          voucherId: reserved.data.voucherId,
          region: '63',
          teacherId: reserved.data.teacherId,
          year: 2026,
        },
      ])
      .thenRedeliveryChangesNothing();
  });
});

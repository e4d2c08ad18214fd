import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { reservationIndex } from './reservation-index.projection';

/** Which voucher an application reserved on. */
@Injectable()
export class ReservationIndex {
  constructor(
    @InjectReadModel(reservationIndex) private readonly model: ReadModelOf<typeof reservationIndex>,
  ) {}

  /**
   * The voucher, or null when the application never reserved (caught up: a cancellation of an
   * application paid otherwise, or refused). Behind: ReplicaBehind, so a completion waits for the
   * reservation it follows rather than being dropped.
   */
  async voucherOf(applicationId: string): Promise<string | null> {
    const found = await this.model.lookUp(`reservation of application ${applicationId}`, () =>
      this.model.collection('reservation_index').findById<{ _id: string; voucherId: string }>(applicationId),
    );
    return found?.voucherId ?? null;
  }
}

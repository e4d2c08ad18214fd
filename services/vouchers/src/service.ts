import { defineService } from '@pk/service-runtime';
import { catalogReplica } from './projections/catalog-replica/catalog-replica.projection';
import { reservationIndex } from './projections/reservation-index/reservation-index.projection';
import { teacherReplica } from './projections/teacher-replica/teacher-replica.projection';
import { VouchersModule } from './vouchers.module';

/**
 * The vouchers service: the personal voucher (ИОЧ), its money and its providers' contracts; replicas of
 * diagnostics' teachers and of the catalog's register and organizations; an index of its own
 * reservations by application.
 */
export const service = defineService({
  context: 'vouchers',
  module: VouchersModule,
  readModels: [teacherReplica, catalogReplica, reservationIndex],
  defaultPort: 3103,
});

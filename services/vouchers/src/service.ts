import { defineService, IMPORT_SETTINGS } from '@pk/service-runtime';
import { attendanceRecords } from './projections/fraud-signals/attendance.projection';
import { redemptionDays } from './projections/fraud-signals/redemption-days.projection';
import { catalogReplica } from './projections/catalog-replica/catalog-replica.projection';
import { reservationIndex } from './projections/reservation-index/reservation-index.projection';
import { spendablePrograms } from './projections/spendable-programs/spendable-programs.projection';
import { teacherReplica } from './projections/teacher-replica/teacher-replica.projection';
import { voucherLedger } from './projections/voucher-ledger/voucher-ledger.projection';
import { VouchersModule } from './vouchers.module';

/**
 * The vouchers service: the personal voucher (ИОЧ), its money and its providers' contracts; replicas of
 * diagnostics' teachers and of the catalog's register and organizations; an index of its own
 * reservations by application; the ledger its readers and the auditor read, and the register keyed by
 * what a block fits;
 * and the redemptions by day and enrollment's attendance the fraud signals read.
 */
export const service = defineService({
  context: 'vouchers',
  module: VouchersModule,
  readModels: [
    teacherReplica,
    catalogReplica,
    reservationIndex,
    voucherLedger,
    spendablePrograms,
    redemptionDays,
    attendanceRecords,
  ],
  defaultPort: 3103,
  settings: IMPORT_SETTINGS,
});

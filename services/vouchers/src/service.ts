import { defineService } from '@pk/service-runtime';
import { spendablePrograms } from './projections/spendable-programs/spendable-programs.projection';
import { voucherLedger } from './projections/voucher-ledger/voucher-ledger.projection';
import { VouchersModule } from './vouchers.module';

/**
 * The vouchers service: personal vouchers (ИОЧ), their money, and the auditor's replay; its ledger of
 * its own topic and its replica of the catalog's register, keyed by what a block fits.
 */
export const service = defineService({
  context: 'vouchers',
  module: VouchersModule,
  readModels: [voucherLedger, spendablePrograms],
  defaultPort: 3103,
});

import { Module } from '@nestjs/common';
import { VoucherReadController } from './api/voucher-read.controller';
import { VoucherLedger } from './projections/voucher-ledger/voucher-ledger.queries';

/** The vouchers context (issue 18): the read side — vouchers, blocks, money. */
@Module({
  controllers: [VoucherReadController],
  providers: [VoucherLedger],
})
export class VouchersModule {}

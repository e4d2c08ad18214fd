import { Module } from '@nestjs/common';
import { AuditController } from './api/audit.controller';
import { VoucherReadController } from './api/voucher-read.controller';
import { VoucherAudit } from './audit/voucher-audit';
import { VoucherLedger } from './projections/voucher-ledger/voucher-ledger.queries';

/** The vouchers context (issue 18): the read side — vouchers, blocks, money — and the auditor's replay. */
@Module({
  controllers: [VoucherReadController, AuditController],
  providers: [VoucherLedger, VoucherAudit],
})
export class VouchersModule {}

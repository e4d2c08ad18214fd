import { Module } from '@nestjs/common';
import type { Clock } from '@pk/kernel';
import { CLOCK, ImportsModule } from '@pk/service-runtime';
import { AuditController } from './api/audit.controller';
import { FraudSignalsController } from './api/fraud-signals.controller';
import { FraudSignalQueries } from './projections/fraud-signals/fraud-signals.queries';
import { ContractController, MoneyController, VoucherController } from './api/voucher.controller';
import { VoucherReadController } from './api/voucher-read.controller';
import { ReplayJobs } from './audit/replay-jobs';
import { VoucherAudit } from './audit/voucher-audit';
import { VoucherReactions } from './api/reactions.controller';
import { IssueListController } from './api/issue-list.controller';
import { VoucherCommands } from './application/voucher.commands';
import { ProgramReplica } from './projections/catalog-replica/catalog-replica.queries';
import { ReservationIndex } from './projections/reservation-index/reservation-index.queries';
import { TeacherReplica } from './projections/teacher-replica/teacher-replica.queries';
import { VoucherLedger } from './projections/voucher-ledger/voucher-ledger.queries';
import { VoucherImport } from './imports/voucher.import';

/**
 * Vouchers' write side: tariffs, budgets and allotments, provider contracts, vouchers and their blocks,
 * and the reactions to enrollment. Exported for the read side and the bulk issue to build on.
 */
@Module({
  controllers: [
    MoneyController,
    ContractController,
    VoucherController,
    IssueListController,
    VoucherReactions,
  ],
  providers: [VoucherCommands, TeacherReplica, ProgramReplica, ReservationIndex],
  exports: [VoucherCommands, TeacherReplica],
})
export class VoucherWriteModule {}

/**
 * The vouchers context (issue 18; the read side, queries and the auditor's replay build on it), and
 * the bulk issue from CSV (`POST /imports/vouchers?region=`).
 */
@Module({
  imports: [
    VoucherWriteModule,
    ImportsModule.forFormats({ imports: [VoucherWriteModule], formats: [VoucherImport] }),
  ],
  // the read side: what teachers, schools, providers and the ministry read, the auditor's replay and
  // the fraud signals
  controllers: [VoucherReadController, AuditController, FraudSignalsController],
  providers: [
    VoucherLedger,
    VoucherAudit,
    FraudSignalQueries,
    // the auditor's replay jobs, in this process's memory (a restart forgets them: they are read-only)
    {
      provide: ReplayJobs,
      useFactory: (audit: VoucherAudit, clock: Clock) => new ReplayJobs(audit, clock),
      inject: [VoucherAudit, CLOCK],
    },
  ],
})
export class VouchersModule {}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What vouchers' write-side reads and commands answer, as the OpenAPI document shows them.

export class CostPerHourAnswer {
  @ApiProperty({ example: 250 }) variable!: number;
  @ApiProperty({ example: 300 }) internship!: number;
}

export class TariffAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: CostPerHourAnswer, nullable: true, description: 'null while not set' })
  costPerHour!: CostPerHourAnswer | null;
}

export class MunicipalityAllotmentAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ description: 'Allotted from the budget, roubles' }) allotted!: number;
}

export class BudgetAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, description: 'The year’s budget, roubles; null while not set' }) amount!:
    number | null;
  @ApiProperty({ description: 'Allotted to municipalities, roubles' }) allotted!: number;
  @ApiProperty({ type: [MunicipalityAllotmentAnswer] }) municipalities!: MunicipalityAllotmentAnswer[];
}

export class AllotmentAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ description: 'The allotment, roubles' }) allotment!: number;
  @ApiProperty({ description: 'Committed to vouchers, roubles' }) committed!: number;
  @ApiProperty({ description: 'Left to commit, roubles' }) left!: number;
}

export class VoucherIssueAccepted {
  @ApiProperty({
    format: 'uuid',
    description: 'The teacher’s voucher of the year (the same id for every request)',
  })
  voucherId!: string;
}

export class ContractAccepted {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ description: 'Position of the contract’s last event in its stream' }) version!: number;
}

export class ContractAnswer {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: 'ИОЧ-2026/17' }) number!: string;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ enum: ['signed', 'terminated'] }) status!: string;
}

export class ReservationAnswer {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ description: 'The program matches the subject taught or the work profile' })
  matchesProfile!: boolean;
}

export class VoucherBlockAnswer {
  @ApiProperty({ example: 1 }) block!: number;
  @ApiProperty({ enum: ['variable', 'internship'] }) kind!: string;
  @ApiProperty({ example: 36 }) hours!: number;
  @ApiProperty({ description: 'The subject rule spans this block' }) matchesProfile!: boolean;
  @ApiProperty({ enum: ['free', 'reserved', 'redeemed', 'expired', 'revoked'] }) status!: string;
  @ApiProperty({ type: ReservationAnswer, nullable: true }) reservation!: ReservationAnswer | null;
}

export class VoucherAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ example: 'teacher' }) position!: string;
  @ApiProperty({ example: 'school' }) organizationKind!: string;
  @ApiProperty({ enum: ['72-hours', '90-hours'] }) category!: string;
  @ApiProperty({ enum: ['issued', 'expired', 'revoked'] }) status!: string;
  @ApiProperty({ type: CostPerHourAnswer }) costPerHour!: CostPerHourAnswer;
  @ApiProperty({ description: 'Value of the blocks at the tariff, roubles' }) amount!: number;
  @ApiProperty({ type: [VoucherBlockAnswer] }) blocks!: VoucherBlockAnswer[];
}

// What the vouchers' read side answers (read models and the auditor's replay). Money is in whole roubles.

const BLOCK_STATES = ['free', 'reserved', 'redeemed', 'expired', 'revoked'] as const;
const VOUCHER_STATUSES = ['issued', 'expired', 'revoked'] as const;
const BLOCK_KINDS = ['variable', 'internship'] as const;

export class SpendableProgramAnswer {
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: String, nullable: true }) providerName!: string | null;
  @ApiProperty() hours!: number;
  @ApiProperty() format!: string;
  @ApiProperty({ description: "Matches the teacher's subject or work profile" }) matchesProfile!: boolean;
}

export class BlockAnswer {
  @ApiProperty({ enum: [1, 2] }) block!: number;
  @ApiProperty({ enum: BLOCK_KINDS }) kind!: (typeof BLOCK_KINDS)[number];
  @ApiProperty() hours!: number;
  @ApiProperty({ description: "The block's value at the voucher's tariff" }) value!: number;
  @ApiProperty({ enum: BLOCK_STATES }) state!: (typeof BLOCK_STATES)[number];
  @ApiProperty({ format: 'date', description: 'The day the current state began' }) since!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) programId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) offeringId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) providerId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) contractId!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'For a reserved block: its program matches' })
  matchesProfile!: boolean | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) completedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNumber!: string | null;
}

export class OwnBlockAnswer extends BlockAnswer {
  @ApiProperty({ description: 'A free block that must go to a program matching the subject or profile' })
  mustMatchProfile!: boolean;
  @ApiProperty({
    type: [SpendableProgramAnswer],
    description: 'For a free block of a valid voucher: the programs it can still be spent on',
  })
  spendableOn!: SpendableProgramAnswer[];
}

export class RefusalAnswer {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'In Russian' }) message!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class VoucherReadAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() position!: string;
  @ApiProperty() organizationKind!: string;
  @ApiProperty({ enum: ['72-hours', '90-hours'] }) category!: string;
  @ApiProperty({ enum: VOUCHER_STATUSES }) status!: (typeof VOUCHER_STATUSES)[number];
  @ApiProperty({ description: "The voucher's value at issue" }) amount!: number;
  @ApiProperty({ type: CostPerHourAnswer }) costPerHour!: CostPerHourAnswer;
  @ApiProperty({ description: 'Value of the blocks reserved now' }) reserved!: number;
  @ApiProperty({ description: 'Value of the blocks redeemed' }) redeemed!: number;
  @ApiProperty({ description: 'Given back to the allotment on expiry or revocation' }) returned!: number;
  @ApiProperty({ type: String, nullable: true }) revokedBecause!: string | null;
  @ApiProperty({ type: RefusalAnswer, nullable: true, description: 'The last reservation refused' })
  lastRefusal!: RefusalAnswer | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [BlockAnswer] }) blocks!: BlockAnswer[];
}

export class OwnVoucherAnswer extends VoucherReadAnswer {
  @ApiProperty({ type: [OwnBlockAnswer] }) declare blocks: OwnBlockAnswer[];
}

export class TeacherVouchersAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: [OwnVoucherAnswer], description: 'The latest cycle first' })
  vouchers!: OwnVoucherAnswer[];
}

export class SchoolVouchersAnswer {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [VoucherReadAnswer], description: 'By voucher id' }) vouchers!: VoucherReadAnswer[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: string | null;
}

export class ProviderBlockAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ enum: [1, 2] }) block!: number;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ enum: BLOCK_KINDS }) kind!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ enum: ['reserved', 'redeemed'] }) state!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ description: 'Payable on redemption, at the voucher’s tariff' }) amount!: number;
  @ApiProperty({ format: 'date' }) since!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) completedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNumber!: string | null;
}

export class ProviderBlocksAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['reserved', 'redeemed'] }) state!: string;
  @ApiProperty({ type: [ProviderBlockAnswer], description: 'By block id' }) blocks!: ProviderBlockAnswer[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: string | null;
}

export class MonthMoneyAnswer {
  @ApiProperty({ example: '2026-04' }) period!: string;
  @ApiProperty({ description: 'Reserved with the provider, reservations made in the month and still held' })
  reserved!: number;
  @ApiProperty({ description: 'Redeemed: courses completed in the month' }) redeemed!: number;
  @ApiProperty({ description: 'Owed to the provider for the month' }) payable!: number;
}

export class ContractPayableAnswer {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() payable!: number;
}

export class ProviderContractAnswer {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: ['active', 'terminated'] }) status!: string;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiPropertyOptional({ format: 'date' }) terminatedOn?: string;
  @ApiPropertyOptional() terminatedBecause?: string;
}

export class ProviderMoneyAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty() year!: number;
  @ApiProperty() reserved!: number;
  @ApiProperty() redeemed!: number;
  @ApiProperty() payable!: number;
  @ApiProperty({ type: [MonthMoneyAnswer] }) months!: MonthMoneyAnswer[];
  @ApiProperty({ type: [ContractPayableAnswer], description: 'Payables per contract over the months asked' })
  payables!: ContractPayableAnswer[];
  @ApiProperty({ type: [ProviderContractAnswer], description: "The provider's contracts of the year" })
  contracts!: ProviderContractAnswer[];
}

export class MunicipalityMoneyAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ description: "The municipality's allotment of the year" }) allotment!: number;
  @ApiProperty({ description: 'Committed to its vouchers' }) committed!: number;
  @ApiProperty() reserved!: number;
  @ApiProperty({ description: 'Redeemed: spent' }) redeemed!: number;
}

export class ProviderTotalsAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ description: 'Its contracts of the year' }) contracts!: number;
  @ApiProperty() reserved!: number;
  @ApiProperty({ description: 'Redeemed: payable to it' }) redeemed!: number;
}

export class YearMoneyAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ description: "The year's budget" }) budget!: number;
  @ApiProperty({ description: 'Allotted to municipalities' }) allotted!: number;
  @ApiProperty({ type: CostPerHourAnswer, nullable: true }) costPerHour!: CostPerHourAnswer | null;
  @ApiProperty({ description: 'Committed to vouchers issued' }) committed!: number;
  @ApiProperty({ description: 'Reserved for courses not yet completed' }) reserved!: number;
  @ApiProperty({ description: 'Redeemed: spent' }) spent!: number;
  @ApiProperty({ type: [MunicipalityMoneyAnswer] }) municipalities!: MunicipalityMoneyAnswer[];
  @ApiProperty({ type: [ProviderTotalsAnswer] }) providers!: ProviderTotalsAnswer[];
}

export class ActorAnswer {
  @ApiProperty({ description: 'Subject of the token, or system:<component> for a reaction' }) id!: string;
  @ApiProperty({ example: 'ministry-admin' }) role!: string;
}

export class HistoryEntryAnswer {
  @ApiProperty({ description: "The event's position in the voucher's stream" }) position!: number;
  @ApiProperty({ example: 'vouchers.BlockReserved' }) type!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ type: ActorAnswer }) actor!: ActorAnswer;
  @ApiProperty({ description: 'Ties together everything one request caused, across services' })
  correlationId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The command or event that caused it (an enrollment event for a reaction)',
  })
  causationId!: string | null;
  @ApiProperty({ type: Object, description: "The event's data, as stored" }) data!: Record<string, unknown>;
  @ApiProperty({ type: VoucherReadAnswer, description: 'The voucher after this event' })
  state!: VoucherReadAnswer;
}

export class VoucherHistoryAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ type: [HistoryEntryAnswer], description: 'Oldest first' }) events!: HistoryEntryAnswer[];
}

export class DifferenceAnswer {
  @ApiProperty({ enum: ['vouchers', 'blocks', 'budgets', 'tariffs', 'allotments', 'contracts', 'totals'] })
  collection!: string;
  @ApiProperty({ description: 'The document (or the total) that differs' }) id!: string;
  @ApiProperty({ description: 'The field; * when one side has no such document' }) field!: string;
  @ApiProperty({ nullable: true, description: 'From the event store; null when it has none' })
  replayed!: unknown;
  @ApiProperty({ nullable: true, description: 'From the read model; null when it has none' })
  stored!: unknown;
}

export class ReplayReportAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null: replayed to now' })
  at!: string | null;
  @ApiProperty({ description: 'Events read from the store' }) eventsRead!: number;
  @ApiProperty({ description: "Of them, the region's ledger events folded" }) eventsReplayed!: number;
  @ApiProperty() vouchers!: number;
  @ApiProperty({ description: 'Compared with the read model (a replay to now only)' }) compared!: boolean;
  @ApiProperty({ type: [YearMoneyAnswer], description: "Each year's money, from the event store" })
  years!: YearMoneyAnswer[];
  @ApiProperty() differenceCount!: number;
  @ApiProperty({ type: [DifferenceAnswer], description: 'The first 1 000 differences' })
  differences!: DifferenceAnswer[];
}

export class ReplayJobProgressAnswer {
  @ApiProperty({ enum: ['replaying', 'comparing', 'finished'] }) phase!: string;
  @ApiProperty({ description: 'Events read from the store so far (the whole store is read)' })
  eventsRead!: number;
  @ApiProperty({ description: "Of them, the region's ledger events folded" }) eventsReplayed!: number;
  @ApiProperty({ description: 'Vouchers recomputed so far' }) vouchersRecomputed!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The region's vouchers in the read model at the start: what vouchersRecomputed goes to",
  })
  vouchersTotal!: number | null;
  @ApiProperty() collectionsCompared!: number;
  @ApiProperty() collectionsToCompare!: number;
}

/** A region-wide replay run as a job: its progress while it runs, its report once done. */
export class ReplayJobAnswer {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) at!: string | null;
  @ApiProperty({ description: 'The auditor who started it' }) startedBy!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ type: ReplayJobProgressAnswer }) progress!: ReplayJobProgressAnswer;
  @ApiProperty({ type: ReplayReportAnswer, nullable: true, description: 'The differences, once done' })
  report!: ReplayReportAnswer | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed (Russian)' }) error!:
    string | null;
  @ApiProperty({
    required: false,
    description: 'On a start: false when a replay of the region was running already and this is it',
  })
  started?: boolean;
}

export class FlaggedBlockAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ example: 1 }) block!: number;
}

export class UnusualDayAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: '2026-04-17', description: 'The completion day the provider reported' })
  day!: string;
  @ApiProperty({ example: 40, description: 'Blocks redeemed with the provider on the day' }) count!: number;
  @ApiProperty({ example: 4, description: "The provider's median per day, over its days with redemptions" })
  median!: number;
  @ApiProperty({ example: 12, description: 'max(5, 3 × median): the count is past it' }) threshold!: number;
  @ApiProperty({ type: [FlaggedBlockAnswer] }) vouchers!: FlaggedBlockAnswer[];
}

export class OwnOrganizationSpendAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ example: 1 }) block!: number;
  @ApiProperty({ format: 'uuid', description: 'The teacher, by id only' }) teacherId!: string;
  @ApiProperty({ format: 'uuid', description: "The teacher's organization on the voucher" })
  organizationId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ enum: ['reserved', 'redeemed'] }) state!: string;
  @ApiProperty({ example: '6316000001', description: 'The ИНН the organization and the provider share' })
  inn!: string;
}

/** What every signal says of itself: whether it was checked, and what it means (Russian). */
class SignalAnswer {
  @ApiProperty({ enum: ['checked', 'unavailable'] }) status!: 'checked' | 'unavailable';
  @ApiProperty({ description: 'What the signal means and its threshold, for the ministry (Russian)' })
  description!: string;
}

export class UnusualDaysSignalAnswer extends SignalAnswer {
  @ApiProperty({ enum: ['unusual-redemption-days'] }) signal!: 'unusual-redemption-days';
  @ApiProperty({ type: [UnusualDayAnswer] }) findings!: UnusualDayAnswer[];
}

export class OwnOrganizationSignalAnswer extends SignalAnswer {
  @ApiProperty({ enum: ['own-organization-provider'] }) signal!: 'own-organization-provider';
  @ApiProperty({ type: [OwnOrganizationSpendAnswer] }) findings!: OwnOrganizationSpendAnswer[];
}

export class RecordedAttendanceAnswer {
  @ApiProperty({ example: 0, description: 'Academic hours attended, the latest record' })
  hoursAttended!: number;
  @ApiProperty({ example: 36 }) hoursPlanned!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class RedemptionWithoutAttendanceAnswer {
  @ApiProperty({ format: 'uuid' }) voucherId!: string;
  @ApiProperty({ enum: [1, 2] }) block!: number;
  @ApiProperty({ format: 'uuid', description: "Enrollment's application the block paid for" })
  applicationId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'date', description: 'The completion day the provider reported' })
  redeemedOn!: string;
  @ApiProperty({ description: 'false: no attendance recorded at all; true: recorded with 0 hours' })
  attendanceFound!: boolean;
  @ApiProperty({ type: RecordedAttendanceAnswer, nullable: true })
  attendance!: RecordedAttendanceAnswer | null;
}

export class AttendanceSignalAnswer extends SignalAnswer {
  @ApiProperty({ enum: ['redemption-without-attendance'] }) signal!: 'redemption-without-attendance';
  @ApiProperty({ type: [RedemptionWithoutAttendanceAnswer] })
  findings!: RedemptionWithoutAttendanceAnswer[];
}

/** The fraud signals of a region's year: listed for the ministry, never acted on automatically. */
export class FraudSignalsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: UnusualDaysSignalAnswer }) unusualRedemptionDays!: UnusualDaysSignalAnswer;
  @ApiProperty({ type: OwnOrganizationSignalAnswer }) ownOrganizationProvider!: OwnOrganizationSignalAnswer;
  @ApiProperty({ type: AttendanceSignalAnswer }) redemptionWithoutAttendance!: AttendanceSignalAnswer;
}

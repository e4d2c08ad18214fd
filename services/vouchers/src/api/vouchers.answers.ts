import { ApiProperty } from '@nestjs/swagger';

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

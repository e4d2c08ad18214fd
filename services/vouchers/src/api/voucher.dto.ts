import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';

// Each field's limits equal the contract's: whatever passes a DTO passes the event's schema.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real day of the calendar in YYYY-MM-DD (no 2026-02-30). */
function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function CalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'calendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => `${args?.property}: ожидается дата, например 2026-03-02`,
      },
    },
    options,
  );
}

/** An amount of roubles, within what the contracts allow. */
const Money = () => applyDecorators(IsInt(), Min(0), Max(1_000_000_000_000));

/** A region's year in the path: `/budgets/63/2026`. */
export class YearParams {
  @RegionCode()
  region!: string;

  @Type(() => Number) // path parameters are text
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;
}

export class AllotmentParams extends YearParams {
  @EntityId()
  municipalityId!: string;
}

export class ContractParams extends YearParams {
  @EntityId()
  providerId!: string;
}

export class CostPerHourRequest {
  @ApiProperty({
    minimum: 1,
    maximum: 100_000,
    example: 250,
    description: 'Рублей за час вариативного блока',
  })
  @IsInt()
  @Min(1)
  @Max(100_000)
  variable!: number;

  @ApiProperty({ minimum: 1, maximum: 100_000, example: 300, description: 'Рублей за час блока стажировки' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  internship!: number;
}

export class SetTariffRequest {
  @ApiProperty({ type: CostPerHourRequest })
  @ValidateNested()
  @Type(() => CostPerHourRequest)
  costPerHour!: CostPerHourRequest;
}

export class SetBudgetRequest {
  @ApiProperty({ minimum: 0, example: 820_000_000, description: 'Бюджет ИОЧ на год, рублей' })
  @Money()
  amount!: number;
}

export class AllotRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  municipalityId!: string;

  @ApiProperty({
    minimum: 1,
    example: 36_000_000,
    description: 'Сколько добавить к лимиту муниципалитета, рублей',
  })
  @Money()
  @Min(1)
  amount!: number;
}

export class ReduceAllotmentRequest {
  @ApiProperty({
    minimum: 1,
    example: 500_000,
    description:
      'Сколько изъять из лимита муниципалитета обратно в бюджет года, рублей: не больше, чем в лимите ' +
      'не обязано выданным ИОЧ',
  })
  @Money()
  @Min(1)
  amount!: number;
}

export class SignContractRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  providerId!: string;

  @ApiProperty({ maxLength: 100, example: 'ИОЧ-2026/17' })
  @Text({ min: 1, max: 100 })
  number!: string;

  @ApiProperty({ format: 'date', example: '2026-01-20' })
  @CalendarDate()
  signedOn!: string;

  @ApiProperty({ format: 'date', example: '2026-12-31' })
  @CalendarDate()
  validUntil!: string;
}

export class TerminateContractRequest {
  @ApiProperty({ maxLength: 1000 })
  @Text({ min: 1, max: 1000 })
  reason!: string;

  @ApiProperty({ format: 'date', example: '2026-09-01' })
  @CalendarDate()
  terminatedOn!: string;
}

export class IssueVoucherRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  teacherId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;
}

/** Every command on a voucher names the region of whoever sends it: another region's voucher is not found. */
class OnVoucherRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class ReserveBlockRequest extends OnVoucherRequest {
  @ApiProperty({ format: 'uuid', description: 'Номер запроса: повторный запрос бронирует один раз' })
  @EntityId()
  requestId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  applicationId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  programId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  offeringId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  providerId!: string;
}

export class ReleaseBlockRequest extends OnVoucherRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  applicationId!: string;

  @ApiProperty({ maxLength: 1000 })
  @Text({ min: 0, max: 1000 })
  reason!: string;
}

export class RedeemBlockRequest extends OnVoucherRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  applicationId!: string;

  @ApiProperty({ format: 'date', example: '2026-04-17' })
  @CalendarDate()
  completedOn!: string;

  @ApiProperty({ maxLength: 100, description: 'Номер документа; пусто, если не выдан' })
  @Text({ min: 0, max: 100 })
  certificateNumber!: string;
}

export class RevokeVoucherRequest extends OnVoucherRequest {
  // the contract's maxLength, counted as its JSON Schema counts (code points, one line)
  @ApiProperty({ maxLength: 1000 })
  @Text({ min: 1, max: 1000 })
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsBoolean, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '$property: ожидается дата, например 2026-02-02' };

export class OpenOfferingRequest {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client, so a retried request opens once' })
  @EntityId()
  offeringId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  programId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: '2026-02-02' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  startsOn!: string;

  @ApiProperty({ example: '2026-02-13' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  endsOn!: string;

  @ApiProperty({ example: '2026-01-26', description: 'Last day to enroll' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  enrollmentDeadline!: string;

  @ApiProperty()
  @IsBoolean()
  online!: boolean;

  @ApiProperty({ maxLength: 500, description: 'Address of an in-person offering; empty when online' })
  @Text({ min: 0, max: 500 })
  place!: string;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  minimumGroupSize!: number;
}

export class CancelOfferingRequest {
  @ApiProperty({ maxLength: 1000 })
  @Text({ max: 1000 })
  reason!: string;
}

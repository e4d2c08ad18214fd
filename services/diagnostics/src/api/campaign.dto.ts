import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class OpenCampaignRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  campaignId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ enum: ['yearly-monitoring', 'self-diagnostics'] })
  @IsIn(['yearly-monitoring', 'self-diagnostics'])
  kind!: 'yearly-monitoring' | 'self-diagnostics';

  @ApiProperty({ example: 2026, description: 'The year the monitoring reports on' })
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2026-12-01' })
  @Matches(DATE, { message: 'opensOn: ожидается дата, например 2026-12-01' })
  @IsISO8601({ strict: true }, { message: 'opensOn: ожидается дата, например 2026-12-01' })
  opensOn!: string;

  @ApiProperty({ example: '2027-05-31' })
  @Matches(DATE, { message: 'closesOn: ожидается дата, например 2027-05-31' })
  @IsISO8601({ strict: true }, { message: 'closesOn: ожидается дата, например 2027-05-31' })
  closesOn!: string;
}

export class CloseCampaignRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class CampaignsQuery {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RegionQuery {
  @ApiProperty({ required: false, example: '63', description: "Defaults to the token's region" })
  @IsOptional()
  @RegionCode()
  region?: string;
}

export class ProfileQuery extends RegionQuery {
  @ApiProperty({
    required: false,
    example: 2026,
    description: 'The monitoring year to compare with the one before; the latest taken by default',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2020)
  @Max(2100)
  year?: number;
}

export class DeficitMapQuery {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @EntityId()
  municipalityId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @EntityId()
  organizationId?: string;
}

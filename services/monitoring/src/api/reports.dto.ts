import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { YEARS } from './irbey.dto';

export class IssueReportRequest {
  @ApiProperty({ example: 2026, description: 'The year the summary reports on' })
  @IsInt()
  @Min(YEARS.min)
  @Max(YEARS.max)
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A municipality of the region; the whole region when absent (a municipal operator: their own)',
  })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

export class ReportListQuery {
  @ApiPropertyOptional({ example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026 })
  @TransformTo(() => Number)
  @IsInt()
  @Min(YEARS.min)
  @Max(YEARS.max)
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "One municipality's reports (a municipal operator: their own); every report of the region by default",
  })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

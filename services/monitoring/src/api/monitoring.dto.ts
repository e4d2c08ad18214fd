import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SAMARA_GOAL_1 } from '../indicators/samara';

// The query strings of monitoring's reads. A year is a calendar year the platform can hold facts
// of (2020–2100); the region defaults to the token's and the municipality to a municipal
// operator's own.

const Year = (): PropertyDecorator => (target, key) => {
  TransformTo(() => Number)(target, key);
  IsInt()(target, key);
  Min(2020)(target, key);
  Max(2100)(target, key);
};

export class ScopeQuery {
  @ApiPropertyOptional({ example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026, description: 'The calendar year counted; last year is compared with it' })
  @Year()
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One municipality; the whole region by default (a municipal operator: their own)',
  })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

export const INDICATOR_IDS = SAMARA_GOAL_1.map((definition) => definition.id);
export const MUNICIPALITY_SORTS = ['percent', 'name'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

export class MunicipalityIndicatorsQuery {
  @ApiPropertyOptional({ example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026 })
  @Year()
  year!: number;

  @ApiProperty({ enum: INDICATOR_IDS })
  @IsIn(INDICATOR_IDS)
  indicator!: string;

  @ApiPropertyOptional({ enum: MUNICIPALITY_SORTS, default: 'percent', description: 'No data sorts last' })
  @IsOptional()
  @IsIn(MUNICIPALITY_SORTS)
  sort?: (typeof MUNICIPALITY_SORTS)[number];

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: (typeof SORT_ORDERS)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The last municipalityId of the previous page (its `next`)',
  })
  @IsOptional()
  @EntityId()
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ActivityQuery extends ScopeQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One school (ОО): its enrollments; a school coordinator: their own by default',
  })
  @IsOptional()
  @EntityId()
  organizationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One provider (организатор ПК)' })
  @IsOptional()
  @EntityId()
  providerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One program' })
  @IsOptional()
  @EntityId()
  programId?: string;
}

/** One school's figures: a school coordinator's own by default. */
export class SchoolFiguresQuery {
  @ApiPropertyOptional({ example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026, description: 'The calendar year counted' })
  @Year()
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The school (ОО); required but for a school coordinator, whose own it defaults to',
  })
  @IsOptional()
  @EntityId()
  organizationId?: string;
}

/** Every region's totals side by side: the federal role's comparison. */
export class RegionsQuery {
  @ApiProperty({ example: 2026, description: 'The calendar year counted; last year is compared with it' })
  @Year()
  year!: number;
}

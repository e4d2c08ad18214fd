import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

// The query strings of the vouchers' reads. Years are the contracts' cycles (2020–2100); a page is
// at most 500 items and continues after the last id of the previous one.

/** A cycle: a calendar year from 2020 to 2100, sent as text in a path or query. */
const Year = (): PropertyDecorator => (target, key) => {
  TransformTo(() => Number)(target, key);
  IsInt()(target, key);
  Min(2020)(target, key);
  Max(2100)(target, key);
};

export class TeacherVouchersQuery {
  @ApiPropertyOptional({ example: 2026, description: 'One cycle only; every cycle by default' })
  @IsOptional()
  @Year()
  year?: number;
}

class PageQuery {
  @ApiPropertyOptional({ description: 'The last id of the previous page (its `next`)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/[12])?$/, {
    message: 'after: ожидается значение next предыдущей страницы',
  })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SchoolVouchersQuery extends PageQuery {
  @ApiProperty({ example: 2026 })
  @Year()
  year!: number;
}

export const PROVIDER_BLOCK_STATES = ['reserved', 'redeemed'] as const;

export class ProviderBlocksQuery extends PageQuery {
  @ApiProperty({ example: 2026 })
  @Year()
  year!: number;

  @ApiProperty({ enum: PROVIDER_BLOCK_STATES })
  @IsIn(PROVIDER_BLOCK_STATES)
  state!: (typeof PROVIDER_BLOCK_STATES)[number];
}

export class ProviderMoneyQuery {
  @ApiProperty({ example: 2026 })
  @Year()
  year!: number;

  @ApiPropertyOptional({
    example: '2026-04',
    description: 'One month of the year; the whole year by default',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month: ожидается месяц вида 2026-04' })
  month?: string;
}

/** A region's year in the path: `/money/63/2026`. */
export class RegionYearParams {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 2026 })
  @Year()
  year!: number;
}

/** A past moment (`?at=2026-05-01T00:00:00Z`): ISO 8601 with a time zone. */
const Moment = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: `${String(key)}: ожидается момент времени ISO 8601 с часовым поясом, например 2026-05-01T00:00:00Z`,
  })(target, key);
};

export class AsOfQuery {
  @ApiPropertyOptional({
    example: '2026-05-01T00:00:00Z',
    description: 'The moment to look back to; now by default',
  })
  @IsOptional()
  @Moment()
  at?: string;
}

export class ReplayQuery extends AsOfQuery {
  @ApiPropertyOptional({ example: 2026, description: 'One cycle only; every cycle of the region by default' })
  @IsOptional()
  @Year()
  year?: number;
}

export class RegionCodeParams {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class ReplayJobParams extends RegionCodeParams {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  jobId!: string;
}

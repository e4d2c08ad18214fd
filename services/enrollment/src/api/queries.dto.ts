import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { EntityId } from '@pk/service-runtime';
import { APPLICATION_STATUSES } from '../projections/applications/applications.projection';
import { FUNDING_ROUTES } from './group.dto';

// Queries of the applications read model: every filter an equality the read model indexes.

const STATUS_MESSAGE = `status: состояние заявки — ${APPLICATION_STATUSES.join(', ')}`;

/** The ministry's list of its region's applications. */
export class RegionApplicationsQuery {
  @ApiPropertyOptional({ enum: FUNDING_ROUTES })
  @IsOptional()
  @IsIn(FUNDING_ROUTES, { message: 'route: способ оплаты — voucher, state-assignment или employer' })
  route?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, { message: STATUS_MESSAGE })
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The teacher’s school' })
  @IsOptional()
  @EntityId()
  organizationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @EntityId()
  providerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @EntityId()
  offeringId?: string;

  @ApiPropertyOptional({ example: '2026-09', description: 'The month of the latest change, YYYY-MM' })
  @IsOptional()
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { message: 'month: месяц в виде ГГГГ-ММ, например 2026-09' })
  month?: string;

  @ApiPropertyOptional({ description: '`next` of the previous page' })
  @IsOptional()
  @MaxLength(200, { message: 'cursor: не значение next предыдущей страницы' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize: целое число от 1 до 200' })
  @Min(1, { message: 'pageSize: целое число от 1 до 200' })
  @Max(200, { message: 'pageSize: целое число от 1 до 200' })
  pageSize?: number;
}

/** A school's staff: in training by default, or in one status. */
export class SchoolStaffQuery {
  @ApiPropertyOptional({
    enum: APPLICATION_STATUSES,
    description: 'Without it: in training (awaiting-block, confirmed)',
  })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, { message: STATUS_MESSAGE })
  status?: string;
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OverdueReportAnswer } from './diagnostics.answers';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { regionToday } from '@pk/contracts';
import type { Clock } from '@pk/kernel';
import { Type as TransformTo } from 'class-transformer';
import { CLOCK, EntityId, RegionCode } from '@pk/service-runtime';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import {
  type OverdueReport,
  type OverdueTeachersPage,
  TeacherRosterQueries,
} from '../projections/teacher-roster/teacher-roster.queries';
import { isCalendarDate } from '../application/teacher-fields';

/** The day a report counts on (`?on=`): a real calendar date. */
const CalendarDay = () =>
  ValidateBy({
    name: 'calendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: () => 'on: ожидается дата, например 2026-09-01',
    },
  });

export class OverdueTrainingQuery {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One municipality only' })
  @IsOptional()
  @EntityId()
  municipalityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One organization only' })
  @IsOptional()
  @EntityId()
  organizationId?: string;

  @ApiPropertyOptional({
    example: '2026-09-01',
    description: "The day to count on; today in the region's time zone by default",
  })
  @IsOptional()
  @CalendarDay()
  on?: string;
}

export class OverdueTeachersQuery {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ format: 'uuid', description: 'The school whose overdue teachers to list' })
  @EntityId()
  organizationId!: string;

  @ApiPropertyOptional({ example: '2026-09-01', description: 'The day to count on; today by default' })
  @IsOptional()
  @CalendarDay()
  on?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The last teacherId of the previous page (its `next`)',
  })
  @IsOptional()
  @EntityId()
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

class OverdueTeacherAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ type: [String] }) subjects!: string[];
  @ApiProperty() workProfile!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) lastTrainingCompletedOn!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'The last day the last ПК counted; null when none is known',
  })
  trainingDueOn!: string | null;
}

class OverdueTeachersAnswer {
  @ApiProperty() region!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: [OverdueTeacherAnswer] }) teachers!: OverdueTeacherAnswer[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: string | null;
}

const query = (request: AuthenticatedRequest, field: string) => {
  const value = request.query?.[field];
  return typeof value === 'string' ? value.toLowerCase() : undefined;
};

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class TeacherStatisticsController {
  constructor(
    private readonly roster: TeacherRosterQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Teachers whose last ПК is more than three years before the day (or unknown), per school and
   * per municipality. A municipal operator asks for its municipality, a school coordinator for its
   * school; the ministry and auditors for any part of the region.
   */
  @Get('overdue-training')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @Allow({
    roles: ['municipal-operator'],
    scope: 'municipality',
    target: (request) => ({
      region: query(request, 'region'),
      municipality: query(request, 'municipalityId'),
    }),
  })
  @Allow({
    roles: ['school-coordinator'],
    scope: 'organization',
    target: (request) => ({
      region: query(request, 'region'),
      organization: query(request, 'organizationId'),
    }),
  })
  @ApiResponse({
    status: 200,
    type: OverdueReportAnswer,
    description: 'Counts of teachers and of those overdue, per municipality and school',
  })
  async overdueTraining(@Query() request: OverdueTrainingQuery): Promise<OverdueReport> {
    return this.roster.overdue({
      region: request.region,
      municipalityId: request.municipalityId,
      organizationId: request.organizationId,
      // today on the region's clock: at 01:00 in Samara it is already the next day there
      on: request.on ?? regionToday(request.region, this.clock.now()),
    });
  }

  /**
   * The overdue teachers of one school, a page at a time by id: the list behind the school's count
   * in `overdue-training`, for its coordinator to work through (and the municipality's operator,
   * the ministry and auditors). The professional record only — the same as `GET /teachers/:id`
   * shows these roles; names stay behind `GET /teachers/:id/personal-data`, read one by one by those
   * the law allows, and logged.
   */
  @Get('overdue-training/teachers')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @Allow({ roles: ['municipal-operator'], scope: 'region' })
  @Allow({
    roles: ['school-coordinator'],
    scope: 'organization',
    target: (request) => ({
      region: query(request, 'region'),
      organization: query(request, 'organizationId'),
    }),
  })
  @ApiResponse({ status: 200, type: OverdueTeachersAnswer, description: 'Overdue teachers of the school' })
  async overdueTeachers(
    @Query() request: OverdueTeachersQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OverdueTeachersPage> {
    return this.roster.overdueTeachers({
      region: request.region,
      organizationId: request.organizationId,
      // an operator sees the school's teachers of its own municipality only (none of a school elsewhere)
      municipalityId: principal.role === 'municipal-operator' ? principal.municipality : undefined,
      on: request.on ?? this.clock.now().toISOString().slice(0, 10),
      after: request.after,
      limit: request.limit ?? 100,
    });
  }
}

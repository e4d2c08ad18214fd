import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest } from '@pk/auth';
import { regionToday } from '@pk/contracts';
import type { Clock } from '@pk/kernel';
import { CLOCK, EntityId, RegionCode } from '@pk/service-runtime';
import { IsOptional, ValidateBy } from 'class-validator';
import {
  type OverdueReport,
  TeacherRosterQueries,
} from '../projections/teacher-roster/teacher-roster.queries';
import { isCalendarDate } from '../application/teacher-fields';

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
  @ValidateBy({
    name: 'calendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: () => 'on: ожидается дата, например 2026-09-01',
    },
  })
  on?: string;
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
}

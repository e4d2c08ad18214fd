import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { RegionCode } from '@pk/service-runtime';
import { IsOptional } from 'class-validator';
import { CatalogStatisticsQueries } from '../projections/catalog-statistics/catalog-statistics.queries';
import { ActivityQueries } from '../queries/activity.queries';
import { MonitoringQueries } from '../queries/monitoring.queries';
import { municipalityAsked, regionAsked, scopeOf } from './access';
import { ActivityStatisticsAnswer, CatalogStatistics, FiguresAnswer } from './monitoring.answers';
import { ActivityQuery, ScopeQuery } from './monitoring.dto';

export class RegionQuery {
  @ApiProperty({ required: false, example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly catalog: CatalogStatisticsQueries,
    private readonly monitoring: MonitoringQueries,
    private readonly activity: ActivityQueries,
  ) {}

  @Get('catalog')
  @ApiOkResponse({ type: CatalogStatistics })
  @Allow({ roles: ['ministry-admin', 'municipal-operator', 'auditor'], scope: 'region' })
  catalogStatistics(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CatalogStatistics> {
    // The access rule already refused another region; no region asked means the token's own.
    return this.catalog.counts(query.region ?? principal.region);
  }

  /**
   * The region in figures for a year: the whole region for the ministry and the auditor, one
   * municipality for its operator (their own when none is named).
   */
  @Get('figures')
  @ApiOkResponse({ type: FiguresAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  figures(@Query() query: ScopeQuery, @CurrentPrincipal() principal: Principal): Promise<FiguresAnswer> {
    return this.monitoring.statistics(scopeOf(query, principal), query.year);
  }

  /**
   * A year's activity: enrollments and how they ended, groups, expertise outcomes and durations,
   * learners' ratings, and the providers paid by vouchers with their market shares; narrowed by
   * municipality (its schools and vouchers), provider and program. Scoped as the figures are.
   */
  @Get('activity')
  @ApiOkResponse({ type: ActivityStatisticsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  activityStatistics(
    @Query() query: ActivityQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActivityStatisticsAnswer> {
    const scope = scopeOf(query, principal);
    return this.activity.statistics({
      ...scope,
      year: query.year,
      ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
      ...(query.programId === undefined ? {} : { programId: query.programId }),
    });
  }
}

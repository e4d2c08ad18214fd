import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { RegionCode } from '@pk/service-runtime';
import { IsOptional } from 'class-validator';
import { CatalogStatisticsQueries } from '../projections/catalog-statistics/catalog-statistics.queries';
import { MonitoringQueries } from '../queries/monitoring.queries';
import { municipalityAsked, regionAsked, scopeOf } from './access';
import { CatalogStatistics, FiguresAnswer } from './monitoring.answers';
import { ScopeQuery } from './monitoring.dto';

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
}

import { BadRequestException, Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, assertWithinScope, CurrentPrincipal, isFederal, type Principal } from '@pk/auth';
import { RegionCode } from '@pk/service-runtime';
import { IsOptional } from 'class-validator';
import { CatalogStatisticsQueries } from '../projections/catalog-statistics/catalog-statistics.queries';
import { ActivityQueries } from '../queries/activity.queries';
import { MonitoringQueries } from '../queries/monitoring.queries';
import { RegionsQueries } from '../queries/regions.queries';
import { SchoolQueries } from '../queries/school.queries';
import {
  FEDERAL_TOTALS,
  municipalityAsked,
  organizationAsked,
  regionAsked,
  regionOf,
  scopeOf,
} from './access';
import {
  ActivityStatisticsAnswer,
  CatalogStatistics,
  FiguresAnswer,
  RegionsAnswer,
  SchoolFiguresAnswer,
} from './monitoring.answers';
import { ActivityQuery, RegionsQuery, SchoolFiguresQuery, ScopeQuery } from './monitoring.dto';

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
    private readonly schools: SchoolQueries,
    private readonly regions: RegionsQueries,
  ) {}

  @Get('catalog')
  @ApiOkResponse({ type: CatalogStatistics })
  @Allow({ roles: ['ministry-admin', 'municipal-operator', 'auditor'], scope: 'region' })
  @Allow(FEDERAL_TOTALS)
  catalogStatistics(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CatalogStatistics> {
    // The access rule already refused another region; no region asked means the token's own.
    return this.catalog.counts(regionOf(query.region, principal));
  }

  /**
   * The region in figures for a year: the whole region for the ministry and the auditor, one
   * municipality for its operator (their own when none is named).
   */
  @Get('figures')
  @ApiOkResponse({ type: FiguresAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  @Allow(FEDERAL_TOTALS)
  figures(@Query() query: ScopeQuery, @CurrentPrincipal() principal: Principal): Promise<FiguresAnswer> {
    return this.monitoring.statistics(scopeOf(query, principal), query.year);
  }

  /**
   * A year's activity: enrollments and how they ended, groups, expertise outcomes and durations,
   * learners' ratings, and the providers paid by vouchers with their market shares; narrowed by
   * municipality (its schools and vouchers), school, provider and program. Scoped as the figures
   * are; a school coordinator reads their own school's (the enrollments; the rest is the region's).
   */
  @Get('activity')
  @ApiOkResponse({ type: ActivityStatisticsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  @Allow({ roles: ['school-coordinator'], scope: 'organization', target: organizationAsked })
  @Allow(FEDERAL_TOTALS)
  activityStatistics(
    @Query() query: ActivityQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActivityStatisticsAnswer> {
    if (isFederal(principal.role) && query.organizationId !== undefined) {
      throw new ForbiddenException(
        'organizationId: федеральной роли доступны итоги регионов и муниципалитетов, не одной школы',
      );
    }
    const scope = scopeOf(query, principal);
    return this.activity.statistics({
      ...scope,
      year: query.year,
      ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
      ...(query.programId === undefined ? {} : { programId: query.programId }),
    });
  }

  /**
   * One school's figures for a year: its teachers, its teachers' vouchers and their money, its
   * enrollments and completions. A school coordinator reads their own (the default); a municipal
   * operator the schools of their municipality; the ministry and the auditor any school of the
   * region. Not the federal role: one school's few teachers would be told apart by its figures.
   */
  @Get('school')
  @ApiOkResponse({ type: SchoolFiguresAnswer })
  @ApiResponse({ status: 404, description: 'No such school in the region (organization-not-found)' })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  // the guard cannot know the school's municipality: the handler compares it (below)
  @Allow({ roles: ['municipal-operator'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['school-coordinator'], scope: 'organization', target: organizationAsked })
  async school(
    @Query() query: SchoolFiguresQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchoolFiguresAnswer> {
    const region = regionOf(query.region, principal);
    const organizationId =
      query.organizationId ?? (principal.role === 'school-coordinator' ? principal.organization : undefined);
    if (organizationId === undefined) {
      throw new BadRequestException({
        code: 'organization-required',
        message: 'organizationId: укажите образовательную организацию (ОО)',
      });
    }
    if (principal.role === 'municipal-operator') {
      const municipality = await this.schools.municipalityOf(region, organizationId);
      assertWithinScope(principal, { region, municipality }, 'municipality');
    }
    return this.schools.figuresOf(region, organizationId, query.year);
  }

  /**
   * Every region's totals side by side, for the federal role: per region with data, the region in
   * figures and the Samara indicators' region values, exactly as that region's own reads answer.
   */
  @Get('regions')
  @ApiOkResponse({ type: RegionsAnswer })
  @Allow(FEDERAL_TOTALS)
  async allRegions(@Query() query: RegionsQuery): Promise<RegionsAnswer> {
    return { year: query.year, ...(await this.regions.regions(query.year)) };
  }
}

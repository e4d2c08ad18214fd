import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import type { SamaraIndicator } from '../indicators/samara';
import type { MunicipalityIndicators } from '../queries/monitoring.queries';
import { SamaraQueries } from '../queries/samara.queries';
import { FEDERAL_TOTALS, municipalityAsked, regionAsked, regionOf, scopeOf } from './access';
import { MunicipalityIndicatorsPageAnswer, SamaraIndicatorsAnswer } from './monitoring.answers';
import { MunicipalityIndicatorsQuery, ScopeQuery } from './monitoring.dto';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  // the per-partition counts (samara-counts): a region-wide answer reads a few dozen documents
  constructor(private readonly monitoring: SamaraQueries) {}

  /** Goal 1 of seed 000 for one scope and year, each indicator with last year's value and the change. */
  @Get('samara')
  @ApiOkResponse({ type: SamaraIndicatorsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  @Allow(FEDERAL_TOTALS)
  samara(
    @Query() query: ScopeQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SamaraIndicatorsAnswer> {
    return this.monitoring.samara(scopeOf(query, principal), query.year);
  }

  /**
   * One indicator for every municipality of the region, sorted and paged: the ministry's comparison
   * of territories. A municipal operator sees their own through /indicators/samara.
   */
  @Get('samara/municipalities')
  @ApiOkResponse({ type: MunicipalityIndicatorsPageAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow(FEDERAL_TOTALS)
  async municipalities(
    @Query() query: MunicipalityIndicatorsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MunicipalityIndicatorsPageAnswer> {
    const region = regionOf(query.region, principal);
    const rows = await this.monitoring.samaraByMunicipality(region, query.year);
    const items = rows.map((row) => ({
      municipalityId: row.municipalityId,
      name: row.name,
      indicator: row.indicators.find((indicator) => indicator.id === query.indicator)!,
    }));
    const sorted = items.sort(compareBy(query.sort ?? 'percent', query.order ?? 'desc'));
    const start =
      query.after === undefined ? 0 : sorted.findIndex((item) => item.municipalityId === query.after) + 1;
    // an unknown cursor would silently start over: a client paging by it would loop
    if (query.after !== undefined && start === 0) {
      throw new BadRequestException(
        'after: не municipalityId муниципалитета региона (значение next страницы)',
      );
    }
    const limit = query.limit ?? 50;
    const page = sorted.slice(start, start + limit);
    const last = page.at(-1);
    return {
      region,
      year: query.year,
      indicator: query.indicator,
      total: sorted.length,
      items: page,
      next: start + limit < sorted.length && last !== undefined ? last.municipalityId : null,
    };
  }
}

type Row = Pick<MunicipalityIndicators, 'municipalityId' | 'name'> & { readonly indicator: SamaraIndicator };

/**
 * The order of the comparison: by percent (no data last whatever the order) or by name, then by
 * name and id, so pages never skip or repeat a municipality.
 */
function compareBy(sort: 'percent' | 'name', order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) =>
    a.name.localeCompare(b.name, 'ru') || a.municipalityId.localeCompare(b.municipalityId);
  return (a: Row, b: Row): number => {
    if (sort === 'name') return sign * byName(a, b);
    const [x, y] = [a.indicator.current.percent, b.indicator.current.percent];
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  };
}

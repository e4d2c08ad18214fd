import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { GoalQueries } from '../queries/goals.queries';
import { FEDERAL_TOTALS, municipalityAsked, regionAsked, scopeOf } from './access';
import { GoalIndicatorsAnswer } from './goals.answers';
import { ScopeQuery } from './monitoring.dto';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class GoalsController {
  // the per-partition counts (goal-counts): a few documents a partition, whatever the region's size
  constructor(private readonly goals: GoalQueries) {}

  /**
   * Goals 2–4 of seed 000 for one scope and year, each with last year's value and the change; the
   * indicators no event places are the region's (`regionWide`), for a municipality too.
   */
  @Get('goals')
  @ApiOkResponse({ type: GoalIndicatorsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality', target: municipalityAsked })
  @Allow(FEDERAL_TOTALS)
  async goalIndicators(
    @Query() query: ScopeQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<GoalIndicatorsAnswer> {
    const { region, municipalityId } = scopeOf(query, principal);
    return this.goals.goals(
      { region, ...(municipalityId === undefined ? {} : { municipalityId }) },
      query.year,
    );
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UncoveredDeficitsAnswer } from './diagnostics.answers';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { COMPETENCY_FRAMEWORK } from '@pk/contracts';
import { TrajectoryReplicas, type UncoveredDeficit } from '../projections/trajectory-replica.queries';
import { UncoveredDeficitsQuery } from './trajectory.dto';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class CoverageController {
  constructor(private readonly replicas: TrajectoryReplicas) {}

  /**
   * The region's competencies with at least one open deficit that no approved program of the
   * register covers, with how many teachers have each: where the region needs new programs
   * (providers plan by it) or activities other than courses.
   */
  @Get('uncovered-deficits')
  @ApiOkResponse({ type: UncoveredDeficitsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor', 'municipal-operator', 'provider'], scope: 'region' })
  async uncoveredDeficits(
    @Query() query: UncoveredDeficitsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ region: string; framework: string; competencies: UncoveredDeficit[] }> {
    // The access rule refused another region already; no region asked means the token's own.
    const region = query.region ?? principal.region;
    return {
      region,
      framework: COMPETENCY_FRAMEWORK.version,
      competencies: await this.replicas.uncoveredDeficits(region),
    };
  }
}

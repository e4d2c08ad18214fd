import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest } from '@pk/auth';
import { canonicalId } from '@pk/service-runtime';
import { ProfileQueries } from '../projections/profile.queries';
import { DeficitMapQuery } from './profile.dto';

const queryField = (request: AuthenticatedRequest, name: string) => {
  const value = request.query?.[name];
  return typeof value === 'string' ? (canonicalId(value) ?? value) : undefined;
};
const region = (request: AuthenticatedRequest) => queryField(request, 'region');

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics/deficits')
export class DeficitController {
  constructor(private readonly queries: ProfileQueries) {}

  /**
   * The deficit map: per competency of the framework, how many teachers have it as an open deficit,
   * in the region, one municipality (`municipalityId`) or one organization (`organizationId`).
   * Counts only, never who: a coordinator sees its school's, an operator its municipality's.
   */
  @Get()
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @Allow({
    roles: ['municipal-operator'],
    scope: 'municipality',
    target: (r) => ({ region: region(r), municipality: queryField(r, 'municipalityId') }),
  })
  @Allow({
    roles: ['school-coordinator'],
    scope: 'organization',
    target: (r) => ({ region: region(r), organization: queryField(r, 'organizationId') }),
  })
  map(@Query() query: DeficitMapQuery) {
    if (query.municipalityId && query.organizationId) {
      throw new BadRequestException('укажите municipalityId или organizationId, но не оба');
    }
    return this.queries.deficits(query);
  }
}

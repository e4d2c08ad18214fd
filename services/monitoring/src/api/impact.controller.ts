import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { canonicalId, EntityId, RegionCode } from '@pk/service-runtime';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ImpactQueries } from '../queries/impact.queries';
import { FEDERAL_TOTALS, regionAsked, regionOf } from './access';
import { ImpactAnswer } from './impact.answers';

export class ImpactQuery {
  @ApiPropertyOptional({ example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026, description: 'The calendar year the courses were completed in' })
  @TransformTo(() => Number)
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A provider: its programs (a provider’s token: its own)',
  })
  @IsOptional()
  @EntityId()
  providerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One program' })
  @IsOptional()
  @EntityId()
  programId?: string;
}

/** A provider reads only its own: the provider named, or its own when none is named. */
const providerAsked = (request: AuthenticatedRequest) => {
  const named = request.query?.providerId;
  const region = request.query?.region;
  return {
    region: typeof region === 'string' ? region : request.principal?.region,
    organization: typeof named === 'string' ? (canonicalId(named) ?? named) : request.principal?.organization,
  };
};

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class ImpactController {
  constructor(private readonly impact: ImpactQueries) {}

  /**
   * Evidence of impact of a provider's programs, or of one program, for the courses completed in a
   * year. The ministry and the auditor read any provider of their region; a provider its own. A
   * municipal operator is refused: a program's completers come from the whole region, and a
   * municipality's few would fall below the threshold almost always.
   */
  @Get('impact')
  @ApiOkResponse({ type: ImpactAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region', target: regionAsked })
  @Allow({ roles: ['provider'], scope: 'organization', target: providerAsked })
  @Allow(FEDERAL_TOTALS)
  read(@Query() query: ImpactQuery, @CurrentPrincipal() principal: Principal): Promise<ImpactAnswer> {
    const own = principal.role === 'provider' ? principal.organization : undefined;
    if (query.providerId === undefined && query.programId === undefined && own === undefined) {
      throw new BadRequestException({
        code: 'provider-or-program-required',
        message: 'providerId: укажите организатора ПК или программу (programId)',
      });
    }
    return this.impact.impact({
      region: regionOf(query.region, principal),
      year: query.year,
      ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
      ...(query.programId === undefined ? {} : { programId: query.programId }),
      ...(own === undefined ? {} : { ownProviderId: own }),
    });
  }
}

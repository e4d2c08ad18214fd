import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { RegionCode } from '@pk/service-runtime';
import { IsOptional } from 'class-validator';
import { CatalogStatisticsQueries } from '../projections/catalog-statistics/catalog-statistics.queries';

export class RegionQuery {
  @ApiProperty({ required: false, example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;
}

export class CatalogStatistics {
  @ApiProperty() region!: string;
  @ApiProperty({ description: 'Providers in the register' }) providers!: number;
  @ApiProperty({ description: 'Programs submitted' }) programs!: number;
  @ApiProperty({ description: 'Of which professional retraining' }) retrainingPrograms!: number;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly catalog: CatalogStatisticsQueries) {}

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
}

import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, CurrentPrincipal, Principal } from '@pk/auth';
import { ProjectionRunner, RebuildProgress } from '@pk/projections';
import { IsOptional, Matches } from 'class-validator';
import { CATALOG_STATISTICS } from '../projections/read-model.module';

export class RegionQuery {
  @ApiProperty({ required: false, example: '63', description: 'Defaults to the region of the token' })
  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'region must be a two-digit region code such as 63' })
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
@Controller()
export class StatisticsController {
  constructor(@Inject(CATALOG_STATISTICS) private readonly catalog: ProjectionRunner) {}

  @Get('statistics/catalog')
  @Allow({ roles: ['ministry-admin', 'municipal-operator', 'auditor'], scope: 'region' })
  async catalogStatistics(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CatalogStatistics> {
    // The access rule already refused another region; no region asked means the token's own.
    const region = query.region ?? principal.region;
    const [providers, programs, retrainingPrograms] = await Promise.all([
      this.catalog.model('providers').countDocuments({ region }),
      this.catalog.model('programs').countDocuments({ region }),
      this.catalog.model('programs').countDocuments({ region, kind: 'retraining' }),
    ]);
    return { region, providers, programs, retrainingPrograms };
  }

  /** Replaces every region's statistics at once: a platform operation, audited with its requester. */
  @Post('projections/catalog-statistics/rebuild')
  @HttpCode(202)
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  async rebuild(@CurrentPrincipal() principal: Principal): Promise<RebuildProgress> {
    const progress = await this.catalog.rebuild(actorOf(principal));
    if (progress.state === 'failed') {
      throw new ServiceUnavailableException(`the rebuild could not start: ${progress.error}`);
    }
    return progress;
  }

  @Get('projections/catalog-statistics/rebuild')
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  rebuildProgress(): RebuildProgress {
    const progress = this.catalog.progress();
    if (!progress) throw new NotFoundException('no rebuild has run since the service started');
    return progress;
  }
}

import { Module } from '@nestjs/common';
import { ReadModelModule } from '@pk/service-runtime';
import { StatisticsController } from './api/statistics.controller';
import { catalogStatistics } from './projections/catalog-statistics/catalog-statistics.projection';
import { CatalogStatisticsQueries } from './projections/catalog-statistics/catalog-statistics.queries';

/** The monitoring context: read models built from every service's events, and their queries. */
@Module({
  imports: [ReadModelModule.forProjections('monitoring', [catalogStatistics])],
  controllers: [StatisticsController],
  providers: [CatalogStatisticsQueries],
})
export class MonitoringModule {}

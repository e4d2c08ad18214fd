import { Module } from '@nestjs/common';
import { IndicatorsController } from './api/indicators.controller';
import { StatisticsController } from './api/statistics.controller';
import { CatalogStatisticsQueries } from './projections/catalog-statistics/catalog-statistics.queries';
import { ActivityQueries } from './queries/activity.queries';
import { MonitoringQueries } from './queries/monitoring.queries';
import { SamaraQueries } from './queries/samara.queries';

/** The monitoring context: read models built from every service's events, and their queries. */
@Module({
  controllers: [StatisticsController, IndicatorsController],
  providers: [CatalogStatisticsQueries, MonitoringQueries, SamaraQueries, ActivityQueries],
})
export class MonitoringModule {}

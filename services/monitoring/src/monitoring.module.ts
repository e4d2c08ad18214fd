import { Module } from '@nestjs/common';
import { StatisticsController } from './api/statistics.controller';
import { CatalogStatisticsQueries } from './projections/catalog-statistics/catalog-statistics.queries';

/** The monitoring context: read models built from every service's events, and their queries. */
@Module({ controllers: [StatisticsController], providers: [CatalogStatisticsQueries] })
export class MonitoringModule {}

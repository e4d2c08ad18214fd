import { Module } from '@nestjs/common';
import { GoalsController } from './api/goals.controller';
import { GoalQueries } from './queries/goals.queries';
import { ImpactController } from './api/impact.controller';
import { IndicatorsController } from './api/indicators.controller';
import { IrbeyController } from './api/irbey.controller';
import { IrbeyCriteriaCommands } from './application/irbey-criteria.commands';
import { IrbeyQueries } from './queries/irbey.queries';
import { ImpactQueries } from './queries/impact.queries';
import { ReportsController } from './api/reports.controller';
import { Reports } from './application/reports';
import { InMemoryReportStore, PostgresReportStore, ReportStore } from './reports/report-store';
import { sideStore } from '@pk/service-runtime';
import { StatisticsController } from './api/statistics.controller';
import { CatalogStatisticsQueries } from './projections/catalog-statistics/catalog-statistics.queries';
import { ActivityQueries } from './queries/activity.queries';
import { MonitoringQueries } from './queries/monitoring.queries';
import { SamaraQueries } from './queries/samara.queries';
import { RegionsQueries } from './queries/regions.queries';
import { SchoolQueries } from './queries/school.queries';

/**
 * The monitoring context: read models built from every service's events and their queries, the
 * Irbey rows its operators record, and the reports it issues.
 */
@Module({
  controllers: [
    StatisticsController,
    IndicatorsController,
    IrbeyController,
    ReportsController,
    ImpactController,
    GoalsController,
  ],
  providers: [
    CatalogStatisticsQueries,
    MonitoringQueries,
    SamaraQueries,
    ActivityQueries,
    IrbeyQueries,
    ImpactQueries,
    SchoolQueries,
    RegionsQueries,
    GoalQueries,
    IrbeyCriteriaCommands,
    Reports,
    sideStore(ReportStore, {
      postgres: ({ pool, schema }) => new PostgresReportStore(pool, schema),
      inMemory: () => new InMemoryReportStore(),
    }),
  ],
})
export class MonitoringModule {}

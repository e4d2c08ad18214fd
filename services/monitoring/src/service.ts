import { defineService } from '@pk/service-runtime';
import { MonitoringModule } from './monitoring.module';
import { PostgresReportStore } from './reports/report-store';
import { activityStatistics } from './projections/activity-statistics/activity-statistics.projection';
import { PRIVATE_EVENTS } from './private-events';
import { figureCounts } from './projections/figure-counts/figure-counts.projection';
import { goalCounts } from './projections/goal-counts/goal-counts.projection';
import { impactFacts } from './projections/impact-facts/impact-facts.projection';
import { irbeyFacts } from './projections/irbey-facts/irbey-facts.projection';
import { catalogStatistics } from './projections/catalog-statistics/catalog-statistics.projection';
import { regionFigures } from './projections/region-figures/region-figures.projection';
import { samaraCounts } from './projections/samara-counts/samara-counts.projection';
import { teacherDevelopment } from './projections/teacher-development/teacher-development.projection';
import { voucherFigures } from './projections/voucher-figures/voucher-figures.projection';

/**
 * The monitoring service: read models of every service's public events, and an event store of its
 * own for what only its people know (the Irbey rows a municipal operator records).
 */
export const service = defineService({
  context: 'monitoring',
  module: MonitoringModule,
  readModels: [
    catalogStatistics,
    regionFigures,
    teacherDevelopment,
    voucherFigures,
    irbeyFacts,
    samaraCounts,
    activityStatistics,
    impactFacts,
    figureCounts,
    goalCounts,
  ],
  privateEvents: PRIVATE_EVENTS,
  defaultPort: 3106,
  migrations: [({ pool, schema }) => new PostgresReportStore(pool, schema).migrate()],
});

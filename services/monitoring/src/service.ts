import { defineService } from '@pk/service-runtime';
import { MonitoringModule } from './monitoring.module';
import { activityStatistics } from './projections/activity-statistics/activity-statistics.projection';
import { catalogStatistics } from './projections/catalog-statistics/catalog-statistics.projection';
import { regionFigures } from './projections/region-figures/region-figures.projection';
import { samaraCounts } from './projections/samara-counts/samara-counts.projection';
import { teacherDevelopment } from './projections/teacher-development/teacher-development.projection';
import { voucherFigures } from './projections/voucher-figures/voucher-figures.projection';

/** The monitoring service: read models of every service's public events, no event store of its own. */
export const service = defineService({
  context: 'monitoring',
  module: MonitoringModule,
  readModels: [
    catalogStatistics,
    regionFigures,
    teacherDevelopment,
    voucherFigures,
    samaraCounts,
    activityStatistics,
  ],
  writeSide: false,
  defaultPort: 3106,
});

import { defineService } from '@pk/service-runtime';
import { MonitoringModule } from './monitoring.module';
import { catalogStatistics } from './projections/catalog-statistics/catalog-statistics.projection';

/** The monitoring service: read models of every service's public events, no event store of its own. */
export const service = defineService({
  context: 'monitoring',
  module: MonitoringModule,
  readModels: [catalogStatistics],
  writeSide: false,
  defaultPort: 3106,
});

import { defineService } from '@pk/service-runtime';
import { EnrollmentModule } from './enrollment.module';
import { PRIVATE_EVENTS } from './private-events';
import { enrollmentApplications } from './projections/applications/applications.projection';

/**
 * The enrollment service: offerings' groups and their applications, in PostgreSQL (schema
 * `enrollment`), reacting to catalog's offerings and vouchers' answers on Kafka.
 */
export const service = defineService({
  context: 'enrollment',
  module: EnrollmentModule,
  readModels: [enrollmentApplications],
  privateEvents: PRIVATE_EVENTS,
  defaultPort: 3104,
});

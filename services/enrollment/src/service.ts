import { z } from 'zod';
import { defineService, setting } from '@pk/service-runtime';
import { PostgresSweepCheckpoint } from './application/startup-sweep';
import { PostgresTeacherApplications } from './application/teacher-applications';
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
  // their tables, as each makes them when the module starts (onModuleInit)
  migrations: [
    (database) => new PostgresSweepCheckpoint(database).onModuleInit(),
    (database) => new PostgresTeacherApplications(database).onModuleInit(),
  ],
  settings: [
    setting({
      name: 'ENROLLMENT_BLOCK_WAIT_SECONDS',
      meaning: 'How long a blocked enrollment waits before its deadline reaction acts.',
      expected: 'a positive integer of seconds',
      schema: z.coerce.number().int().min(1),
      default: '86400',
    }),
  ],
});

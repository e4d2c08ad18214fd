import { defineService } from '@pk/service-runtime';
import { EnrollmentModule } from './enrollment.module';

export const service = defineService({
  context: 'enrollment',
  module: EnrollmentModule,
  writeSide: false,
  defaultPort: 3104,
});

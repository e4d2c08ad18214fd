import { defineService } from '@pk/service-runtime';
import { VouchersModule } from './vouchers.module';

export const service = defineService({
  context: 'vouchers',
  module: VouchersModule,
  writeSide: false,
  defaultPort: 3103,
});

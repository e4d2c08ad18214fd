import { runService } from '@pk/service-runtime';
import { VouchersModule } from './vouchers.module';

runService({ name: 'vouchers', module: VouchersModule, defaultPort: 3103 });

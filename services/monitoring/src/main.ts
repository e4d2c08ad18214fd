import { runService } from '@pk/service-runtime';
import { MonitoringModule } from './monitoring.module';

runService({ name: 'monitoring', module: MonitoringModule, defaultPort: 3106 });

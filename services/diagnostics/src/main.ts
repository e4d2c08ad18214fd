import { runService } from '@pk/service-runtime';
import { DiagnosticsModule } from './diagnostics.module';

runService({ name: 'diagnostics', module: DiagnosticsModule, defaultPort: 3105 });

import { runService } from '@pk/service-runtime';
import { ExpertiseModule } from './expertise.module';

runService({ name: 'expertise', module: ExpertiseModule, defaultPort: 3102 });

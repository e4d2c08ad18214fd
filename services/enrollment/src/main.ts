import { runService } from '@pk/service-runtime';
import { EnrollmentModule } from './enrollment.module';

runService({ name: 'enrollment', module: EnrollmentModule, defaultPort: 3104 });

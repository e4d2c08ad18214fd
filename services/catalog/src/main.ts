import { runService } from '@pk/service-runtime';
import { CatalogModule } from './catalog.module';

runService({ name: 'catalog', module: CatalogModule, defaultPort: 3101 });

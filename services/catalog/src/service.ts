import { defineService } from '@pk/service-runtime';
import { CatalogModule } from './catalog.module';
import { register } from './projections/register/register.projection';

/** The catalog service: directories, programs and offerings, and the register read model. */
export const service = defineService({
  context: 'catalog',
  module: CatalogModule,
  readModels: [register],
  defaultPort: 3101,
});

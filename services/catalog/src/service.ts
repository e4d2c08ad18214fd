import { defineService } from '@pk/service-runtime';
import { CatalogModule } from './catalog.module';
import { directories } from './projections/directories/directories.projection';
import { register } from './projections/register/register.projection';

/** The catalog service: directories, programs and offerings; the register and directories read models. */
export const service = defineService({
  context: 'catalog',
  module: CatalogModule,
  readModels: [register, directories],
  defaultPort: 3101,
});

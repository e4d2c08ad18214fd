import { defineService, IMPORT_SETTINGS } from '@pk/service-runtime';
import { CatalogModule } from './catalog.module';
import { directories } from './projections/directories/directories.projection';
import { register } from './projections/register/register.projection';
import { reviewWaits } from './projections/review-waits/review-waits.projection';

/**
 * The catalog service: directories, programs and offerings; the register and directories read models,
 * and its replica of where expertise's review cases stand (a submitted revision waiting for experts).
 */
export const service = defineService({
  context: 'catalog',
  module: CatalogModule,
  readModels: [register, directories, reviewWaits],
  defaultPort: 3101,
  settings: IMPORT_SETTINGS,
});

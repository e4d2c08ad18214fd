import { defineService } from '@pk/service-runtime';
import { ExpertiseModule } from './expertise.module';
import { legalEntities } from './projections/legal-entities/legal-entities.projection';
import { reviewBoard } from './projections/review-board/review-board.projection';

/**
 * The expertise service: experts and review cases, the review board read model of its own topic,
 * and its replica of the catalog's directories (legal entities by ИНН, providers' names).
 */
export const service = defineService({
  context: 'expertise',
  module: ExpertiseModule,
  readModels: [reviewBoard, legalEntities],
  defaultPort: 3102,
});

import { defineService } from '@pk/service-runtime';
import { ExpertiseModule } from './expertise.module';
import { reviewBoard } from './projections/review-board/review-board.projection';

/** The expertise service: experts and review cases, and the review board read model of its own topic. */
export const service = defineService({
  context: 'expertise',
  module: ExpertiseModule,
  readModels: [reviewBoard],
  defaultPort: 3102,
});

import { Module } from '@nestjs/common';
import { ExpertController } from './api/expert.controller';
import {
  CouncilStatisticsController,
  ProgramReviewsController,
  ReviewCaseController,
  ReviewCaseReactions,
} from './api/review-case.controller';
import { ReviewSettingsController } from './api/review-settings.controller';
import { ExpertCommands } from './application/expert.commands';
import { ReviewCaseCommands } from './application/review-case.commands';
import { UnderstaffedHealth } from './application/understaffed-health';
import { ReviewSettingsCommands } from './application/review-settings.commands';
import { LegalEntities } from './projections/legal-entities/legal-entities.queries';
import { ReviewBoard } from './projections/review-board/review-board.queries';

/** The expertise context: experts, review settings and review cases, their HTTP API and reactions. */
@Module({
  controllers: [
    ExpertController,
    ReviewSettingsController,
    ReviewCaseController,
    ProgramReviewsController,
    CouncilStatisticsController,
    ReviewCaseReactions,
  ],
  providers: [
    ExpertCommands,
    ReviewSettingsCommands,
    ReviewCaseCommands,
    ReviewBoard,
    LegalEntities,
    UnderstaffedHealth,
  ],
})
export class ExpertiseModule {}

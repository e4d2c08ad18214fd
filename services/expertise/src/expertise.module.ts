import { type DynamicModule, Module } from '@nestjs/common';
import { ReadModelModule } from '@pk/service-runtime';
import { ExpertController } from './api/expert.controller';
import {
  CouncilStatisticsController,
  ProgramReviewsController,
  ReviewCaseController,
  ReviewCaseReactions,
} from './api/review-case.controller';
import { ReviewSettingsController } from './api/review-settings.controller';
import { ExpertCommands } from './application/expert.commands';
import { ReviewBoard } from './application/review-board';
import { ReviewCaseCommands } from './application/review-case.commands';
import { ReviewSettingsCommands } from './application/review-settings.commands';
import { MongoReviewBoard } from './projections/review-board/review-board.mongo';
import { reviewBoard } from './projections/review-board/review-board.projection';

/**
 * The expertise context: experts, review settings and review cases, their HTTP API and reactions.
 * It needs a ReviewBoard (the read side): `ExpertiseModule.withReadModels()` in the service, the
 * in-memory one in fast specs (`ExpertiseModule.with(inMemoryReadSide(store))`).
 */
@Module({
  controllers: [
    ExpertController,
    ReviewSettingsController,
    ReviewCaseController,
    ProgramReviewsController,
    CouncilStatisticsController,
    ReviewCaseReactions,
  ],
  providers: [ExpertCommands, ReviewSettingsCommands, ReviewCaseCommands],
})
export class ExpertiseModule {
  static with(readSide: DynamicModule): DynamicModule {
    return { module: ExpertiseModule, imports: [readSide] };
  }

  /** The read side of the service: the review board projected into FerretDB/MongoDB. */
  static withReadModels(): DynamicModule {
    return ExpertiseModule.with({
      module: ReviewBoardReadSide,
      imports: [ReadModelModule.forProjections('expertise', [reviewBoard])],
      providers: [{ provide: ReviewBoard, useClass: MongoReviewBoard }],
      exports: [ReviewBoard],
    });
  }
}

@Module({})
class ReviewBoardReadSide {}

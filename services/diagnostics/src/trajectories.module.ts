import { Module } from '@nestjs/common';
import { CompletionReactions } from './api/completion.controller';
import { CoverageController } from './api/coverage.controller';
import { TrajectoryController } from './api/trajectory.controller';
import { TrajectoryCommands } from './application/trajectory.commands';
import { TrajectoryReplicas } from './projections/trajectory-replica.queries';

/**
 * Individual trajectories (ИОМ), their completion by enrollment's CourseCompleted, and the region's
 * deficits no program covers, from the replicas of the catalog's register and of the teachers and
 * deficits the diagnostics topic carries.
 */
@Module({
  controllers: [TrajectoryController, CoverageController, CompletionReactions],
  providers: [TrajectoryCommands, TrajectoryReplicas],
})
export class TrajectoriesModule {}

import { type DynamicModule, Module } from '@nestjs/common';
import type { ProjectionDefinition } from '@pk/projections';
import { CompletionReactions } from './api/completion.controller';
import { CoverageController } from './api/coverage.controller';
import { TrajectoryController } from './api/trajectory.controller';
import { TrajectoryReadSide } from './application/trajectory-read-side';
import { TrajectoryCommands } from './application/trajectory.commands';
import { programReplica } from './projections/program-replica.projection';
import { MongoTrajectoryReplicas } from './projections/trajectory-replica.mongo';
import { trajectoryReplicas } from './projections/trajectory-replicas.projection';

/**
 * Read models of this part, run by the service's one ReadModelModule (read-models.module.ts): the
 * replica of the catalog's register and organizations, and of the teachers and deficits the
 * diagnostics topic carries.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TRAJECTORY_PROJECTIONS: readonly ProjectionDefinition<any, any>[] = [
  programReplica,
  trajectoryReplicas,
];

/**
 * Individual trajectories (ИОМ), their completion by enrollment's CourseCompleted, and the region's
 * deficits no program covers. It needs a TrajectoryReadSide: the replicas on the read store in the
 * service (TrajectoriesModule), in memory in fast specs (`TrajectoryPartModule.with(…)`).
 */
@Module({
  controllers: [TrajectoryController, CoverageController, CompletionReactions],
  providers: [TrajectoryCommands],
})
export class TrajectoryPartModule {
  static with(readSide: DynamicModule): DynamicModule {
    return { module: TrajectoryPartModule, imports: [readSide] };
  }
}

/** The replicas on the service's read store, whose runners DiagnosticsReadModels provides (global). */
@Module({
  providers: [{ provide: TrajectoryReadSide, useClass: MongoTrajectoryReplicas }],
  exports: [TrajectoryReadSide],
})
class TrajectoryReplicasOnReadStore {}

/** The part as the service runs it. */
@Module({ imports: [TrajectoryPartModule.with({ module: TrajectoryReplicasOnReadStore })] })
export class TrajectoriesModule {}

import { Global, Module } from '@nestjs/common';
import { ReadModelModule } from '@pk/service-runtime';
import { ASSESSMENT_PROJECTIONS } from './assessment.module';
import { TEACHER_PROJECTIONS } from './teachers.module';
import { TRAJECTORY_PROJECTIONS } from './trajectories.module';

const readModels = ReadModelModule.forProjections('diagnostics', [
  ...TEACHER_PROJECTIONS,
  ...ASSESSMENT_PROJECTIONS,
  ...TRAJECTORY_PROJECTIONS,
]);

/** The service's one read store and its projections, visible to every part of the context. */
@Global()
@Module({ imports: [readModels], exports: [readModels] })
export class DiagnosticsReadModels {}

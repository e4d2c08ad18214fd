import { Module } from '@nestjs/common';
import type { ProjectionDefinition } from '@pk/projections';

/** Read models of this part, run by the service's one ReadModelModule (read-models.module.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ASSESSMENT_PROJECTIONS: readonly ProjectionDefinition<any, any>[] = [];

@Module({})
export class AssessmentModule {}

import { Module } from '@nestjs/common';
import { AssessmentModule } from './assessment.module';
import { FrdoExportModule } from './frdo-export.module';
import { TeacherImportsModule, TeachersModule } from './teachers.module';
import { TrajectoriesModule } from './trajectories.module';

/**
 * The diagnostics context: teacher records with protected personal data, the competency framework,
 * campaigns and attempts, deficits and profiles, individual trajectories.
 */
@Module({
  imports: [TeachersModule, TeacherImportsModule, AssessmentModule, TrajectoriesModule, FrdoExportModule],
})
export class DiagnosticsModule {}

import { Module } from '@nestjs/common';
import { FrdoExportController } from './api/frdo-export.controller';
import { FrdoExportQueries } from './application/frdo-export.queries';
import { TeachersModule } from './teachers.module';

/**
 * The ФИС ФРДО export: enrollment's completions (its public topic), the catalog's program cards (the
 * replica) and the learners' sealed personal data, which only this service may open.
 */
@Module({ imports: [TeachersModule], controllers: [FrdoExportController], providers: [FrdoExportQueries] })
export class FrdoExportModule {}

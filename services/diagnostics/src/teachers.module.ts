import { Module, type OnModuleInit } from '@nestjs/common';
import { ImportsModule, sideStore } from '@pk/service-runtime';
import { TeacherStatisticsController } from './api/teacher-statistics.controller';
import { TeacherController } from './api/teacher.controller';
import { keyEncryptionKeysFromSettings } from './application/key-encryption-keys';
import {
  InMemoryPersonalDataKeys,
  PersonalDataKeys,
  PostgresPersonalDataKeys,
} from './application/personal-data-keys';
import { teacherIdOf } from './application/teacher-id';
import { TeacherCommands } from './application/teacher.commands';
import { TeacherImport } from './imports/teacher.import';
import { TeacherDirectory } from './projections/teacher-directory/teacher-directory.queries';
import { TeacherRosterQueries } from './projections/teacher-roster/teacher-roster.queries';

/**
 * Teacher records: the professional record (public events), personal data sealed under a key per
 * teacher (private events; the keys in PostgreSQL beside the events, wrapped under key-encryption
 * keys of the folder PERSONAL_DATA_KEK_DIR names, destroyed on erasure), the teacher roster and the
 * overdue-training report; a replica of the catalog's directory checks where a teacher works.
 */
@Module({
  controllers: [TeacherController, TeacherStatisticsController],
  providers: [
    TeacherCommands,
    TeacherDirectory,
    TeacherRosterQueries,
    sideStore(PersonalDataKeys, {
      postgres: ({ pool }) => new PostgresPersonalDataKeys(pool, keyEncryptionKeysFromSettings()),
      inMemory: () => new InMemoryPersonalDataKeys(),
    }),
  ],
  exports: [TeacherCommands, TeacherDirectory],
})
export class TeachersModule implements OnModuleInit {
  /** Without the teacher-id key no teacher can be named: refuse to start rather than at the first import. */
  onModuleInit(): void {
    teacherIdOf('00', '00000000000');
  }
}

/** The bulk import of a region's teacher file (`POST /imports/teachers`). */
@Module({ imports: [ImportsModule.forFormats({ imports: [TeachersModule], formats: [TeacherImport] })] })
export class TeacherImportsModule {}

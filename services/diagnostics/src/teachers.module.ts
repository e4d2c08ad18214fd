import { Module, type OnModuleInit } from '@nestjs/common';
import { type EventStore, InMemoryEventStore } from '@pk/kernel';
import {
  EVENT_STORE,
  InMemoryImportReportStore,
  PostgresImportReportStore,
  requiredSetting,
} from '@pk/service-runtime';
import { Pool } from 'pg';
import { TeacherImportController } from './api/teacher-import.controller';
import { TeacherStatisticsController } from './api/teacher-statistics.controller';
import { TeacherController } from './api/teacher.controller';
import { keyEncryptionKeysFromSettings } from './application/key-encryption-keys';
import {
  InMemoryPersonalDataKeys,
  PersonalDataKeys,
  PostgresPersonalDataKeys,
} from './application/personal-data-keys';
import { type TeacherImportReport, TeacherImportReports } from './application/teacher-import-reports';
import { teacherIdOf } from './application/teacher-id';
import { TeacherImportService } from './application/teacher-import.service';
import { TeacherCommands } from './application/teacher.commands';
import { TeacherRosterQueries } from './projections/teacher-roster/teacher-roster.queries';

/** A pool of its own beside the event store's, small: keys and reports are a query each. */
const smallPool = () =>
  new Pool({ connectionString: requiredSetting('DATABASE_URL', 'the event store database'), max: 4 });

/**
 * Teacher records: the professional record (public events), personal data sealed under a key per
 * teacher (private events; the keys in PostgreSQL apart from them, wrapped under key-encryption keys
 * of the folder PERSONAL_DATA_KEK_DIR names, destroyed on erasure), the bulk
 * import of a region's file, the teacher roster and the overdue-training report. Keys and reports
 * live in PostgreSQL beside the event store, or in memory on the in-memory kit (specs).
 */
@Module({
  controllers: [TeacherImportController, TeacherController, TeacherStatisticsController],
  providers: [
    TeacherCommands,
    TeacherImportService,
    TeacherRosterQueries,
    {
      provide: PersonalDataKeys,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) =>
        store instanceof InMemoryEventStore
          ? new InMemoryPersonalDataKeys()
          : new PostgresPersonalDataKeys(smallPool(), keyEncryptionKeysFromSettings()),
    },
    {
      provide: TeacherImportReports,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) =>
        store instanceof InMemoryEventStore
          ? new InMemoryImportReportStore<TeacherImportReport>()
          : new PostgresImportReportStore<TeacherImportReport>(smallPool(), 'diagnostics.import_reports'),
    },
  ],
  exports: [TeacherCommands],
})
export class TeachersModule implements OnModuleInit {
  /** Without the teacher-id key no teacher can be named: refuse to start rather than at the first import. */
  onModuleInit(): void {
    teacherIdOf('00', '00000000000');
  }
}

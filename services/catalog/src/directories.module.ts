import { Module } from '@nestjs/common';
import { InMemoryEventStore, type EventStore } from '@pk/kernel';
import {
  EVENT_STORE,
  InMemoryImportReportStore,
  PostgresImportReportStore,
  requiredSetting,
} from '@pk/service-runtime';
import { Pool } from 'pg';
import { ImportController } from './api/import.controller';
import { ImportFormats } from './api/import-formats';
import { InternshipSiteController } from './api/internship-site.controller';
import { MunicipalityController } from './api/municipality.controller';
import { OrganizationController } from './api/organization.controller';
import { ProviderController } from './api/provider.controller';
import { type ImportReport, ImportReports } from './application/import-reports';
import { ImportService } from './application/import.service';
import { InternshipSiteCommands } from './application/internship-site.commands';
import { MunicipalityCommands } from './application/municipality.commands';
import { OrganizationCommands } from './application/organization.commands';
import { ProviderCommands } from './application/provider.commands';
import { ProgramsModule } from './programs.module';

/**
 * The region's directories: providers, municipalities, educational organizations, internship
 * sites, and their bulk import from CSV (programs too, through the catalog's ProgramCommands).
 */
@Module({
  imports: [ProgramsModule],
  controllers: [
    ProviderController,
    MunicipalityController,
    OrganizationController,
    InternshipSiteController,
    ImportController,
  ],
  providers: [
    ProviderCommands,
    MunicipalityCommands,
    OrganizationCommands,
    InternshipSiteCommands,
    ImportFormats,
    ImportService,
    {
      provide: ImportReports,
      inject: [EVENT_STORE],
      // Reports live where the events do: in PostgreSQL beside the event store, in memory on the
      // in-memory kit (specs), which has no database to write to.
      useFactory: (store: EventStore) =>
        store instanceof InMemoryEventStore
          ? new InMemoryImportReportStore<ImportReport>()
          : new PostgresImportReportStore<ImportReport>(
              new Pool({
                connectionString: requiredSetting('DATABASE_URL', 'the event store database'),
                max: 2,
              }),
              'catalog.import_reports',
            ),
    },
  ],
  exports: [ProviderCommands, MunicipalityCommands, OrganizationCommands, InternshipSiteCommands],
})
export class DirectoriesModule {}

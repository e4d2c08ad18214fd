import { Module } from '@nestjs/common';
import { ImportsModule } from '@pk/service-runtime';
import { DirectoriesModule } from './directories.module';
import { InternshipSiteImport } from './imports/internship-site.import';
import { MunicipalityImport } from './imports/municipality.import';
import { OrganizationImport } from './imports/organization.import';
import { ProgramImport } from './imports/program.import';
import { ProviderImport } from './imports/provider.import';
import { ProgramsModule } from './programs.module';
import { RegisterModule } from './register.module';

/**
 * The catalog context: directories, programs and their review, offerings, the register, and the
 * bulk import of directories and programs from CSV (`POST /imports/<kind>`).
 */
@Module({
  imports: [
    DirectoriesModule,
    ProgramsModule,
    RegisterModule,
    ImportsModule.forFormats({
      imports: [DirectoriesModule, ProgramsModule],
      formats: [ProviderImport, MunicipalityImport, OrganizationImport, InternshipSiteImport, ProgramImport],
    }),
  ],
})
export class CatalogModule {}

import { Module } from '@nestjs/common';
import {
  InternshipSiteReadController,
  MunicipalityReadController,
  OrganizationReadController,
  ProviderReadController,
} from './api/directory-read.controller';
import { InternshipSiteController } from './api/internship-site.controller';
import { MunicipalityController } from './api/municipality.controller';
import { OrganizationController } from './api/organization.controller';
import { ProviderController } from './api/provider.controller';
import { InternshipSiteCommands } from './application/internship-site.commands';
import { MunicipalityCommands } from './application/municipality.commands';
import { OrganizationCommands } from './application/organization.commands';
import { ProviderCommands } from './application/provider.commands';
import { DirectoryQueries } from './projections/directories/directories.queries';

/**
 * The region's directories: providers, municipalities, educational organizations, internship sites —
 * their commands, and their reads from the directories read model.
 */
@Module({
  controllers: [
    ProviderController,
    MunicipalityController,
    OrganizationController,
    InternshipSiteController,
    ProviderReadController,
    MunicipalityReadController,
    OrganizationReadController,
    InternshipSiteReadController,
  ],
  providers: [
    ProviderCommands,
    MunicipalityCommands,
    OrganizationCommands,
    InternshipSiteCommands,
    DirectoryQueries,
  ],
  exports: [ProviderCommands, MunicipalityCommands, OrganizationCommands, InternshipSiteCommands],
})
export class DirectoriesModule {}

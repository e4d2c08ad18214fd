import { Module } from '@nestjs/common';
import { InternshipSiteController } from './api/internship-site.controller';
import { MunicipalityController } from './api/municipality.controller';
import { OrganizationController } from './api/organization.controller';
import { ProviderController } from './api/provider.controller';
import { InternshipSiteCommands } from './application/internship-site.commands';
import { MunicipalityCommands } from './application/municipality.commands';
import { OrganizationCommands } from './application/organization.commands';
import { ProviderCommands } from './application/provider.commands';

/** The region's directories: providers, municipalities, educational organizations, internship sites. */
@Module({
  controllers: [ProviderController, MunicipalityController, OrganizationController, InternshipSiteController],
  providers: [ProviderCommands, MunicipalityCommands, OrganizationCommands, InternshipSiteCommands],
  exports: [ProviderCommands, MunicipalityCommands, OrganizationCommands, InternshipSiteCommands],
})
export class DirectoriesModule {}

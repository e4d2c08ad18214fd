import { Injectable } from '@nestjs/common';
import type { OrganizationRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { DirectoryQueries } from '../projections/directories/directories.queries';
import { organization } from '../domain/organization.decider';
import { MunicipalityCommands } from './municipality.commands';

/** The organization aggregate's commands. */
@Injectable()
export class OrganizationCommands {
  private readonly organizations;

  constructor(
    eventSourcing: EventSourcing,
    private readonly municipalities: MunicipalityCommands,
    private readonly directory: DirectoryQueries,
  ) {
    this.organizations = eventSourcing.handler(organization);
  }

  async register(request: OrganizationRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    return this.organizations.handle(
      organization.streamId(request.organizationId),
      {
        type: 'RegisterOrganization',
        ...request,
        keyHolder: await this.directory.holderOf('organizations', request.region, request.inn),
        municipality,
      },
      caller,
    );
  }

  async update(request: OrganizationRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    return this.organizations.handle(
      organization.streamId(request.organizationId),
      { type: 'UpdateOrganization', ...request, municipality },
      caller,
    );
  }
}

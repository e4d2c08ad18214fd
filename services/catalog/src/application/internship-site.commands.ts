import { Injectable } from '@nestjs/common';
import type { InternshipSiteRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { internshipSite } from '../domain/internship-site.decider';
import { MunicipalityCommands } from './municipality.commands';

/** The internship site aggregate's commands. */
@Injectable()
export class InternshipSiteCommands {
  private readonly sites;

  constructor(
    eventSourcing: EventSourcing,
    private readonly municipalities: MunicipalityCommands,
  ) {
    this.sites = eventSourcing.handler(internshipSite);
  }

  async register(request: InternshipSiteRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    return this.sites.handle(
      internshipSite.streamId(request.siteId),
      { type: 'RegisterInternshipSite', ...request, municipality },
      caller,
    );
  }

  async update(request: InternshipSiteRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    return this.sites.handle(
      internshipSite.streamId(request.siteId),
      { type: 'UpdateInternshipSite', ...request, municipality },
      caller,
    );
  }
}

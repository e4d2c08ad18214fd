import { Injectable } from '@nestjs/common';
import type { InternshipSiteRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { DirectoryQueries } from '../projections/directories/directories.queries';
import { internshipSite } from '../domain/internship-site.decider';
import { program } from '../domain/program.decider';
import { MunicipalityCommands } from './municipality.commands';

/** The internship site aggregate's commands. */
@Injectable()
export class InternshipSiteCommands {
  private readonly sites;

  constructor(
    private readonly eventSourcing: EventSourcing,
    private readonly municipalities: MunicipalityCommands,
    private readonly directory: DirectoryQueries,
  ) {
    this.sites = eventSourcing.handler(internshipSite);
  }

  async register(request: InternshipSiteRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    const programRegions = await this.programRegions(request.programIds);
    return this.sites.handle(
      internshipSite.streamId(request.siteId),
      {
        type: 'RegisterInternshipSite',
        ...request,
        keyHolder: await this.directory.holderOf('sites', request.region, request.inn),
        municipality,
        programRegions,
      },
      caller,
    );
  }

  async update(request: InternshipSiteRecord, caller: CommandContext) {
    const municipality = await this.municipalities.state(request.municipalityId);
    const programRegions = await this.programRegions(request.programIds);
    return this.sites.handle(
      internshipSite.streamId(request.siteId),
      { type: 'UpdateInternshipSite', ...request, municipality, programRegions },
      caller,
    );
  }

  /**
   * The region of each named program, null for one the catalog does not hold. Read, not locked: a
   * program never leaves the catalog (archived ones stay) and never changes region.
   */
  private async programRegions(programIds: readonly string[]): Promise<Record<string, string | null>> {
    const regions: Record<string, string | null> = {};
    for (const programId of new Set(programIds)) {
      const state = await this.eventSourcing.state(program, programId);
      regions[programId] = state.status === 'none' ? null : state.region;
    }
    return regions;
  }
}

import { Injectable } from '@nestjs/common';
import type { MunicipalityRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { DirectoryQueries } from '../projections/directories/directories.queries';
import { municipality } from '../domain/municipality.decider';

/** The municipality aggregate's commands. */
@Injectable()
export class MunicipalityCommands {
  private readonly municipalities;

  constructor(
    private readonly eventSourcing: EventSourcing,
    private readonly directory: DirectoryQueries,
  ) {
    this.municipalities = eventSourcing.handler(municipality);
  }

  async register(request: MunicipalityRecord, caller: CommandContext) {
    return this.municipalities.handle(
      municipality.streamId(request.municipalityId),
      {
        type: 'RegisterMunicipality',
        ...request,
        keyHolder: await this.directory.holderOf('municipalities', request.region, request.oktmo),
      },
      caller,
    );
  }

  update(request: MunicipalityRecord, caller: CommandContext) {
    return this.municipalities.handle(
      municipality.streamId(request.municipalityId),
      { type: 'UpdateMunicipality', ...request },
      caller,
    );
  }

  /**
   * A municipality as the directory holds it, for entries that name one. Read, not locked: a
   * municipality is never removed and never changes region, so a stale read cannot admit an entry
   * the current state would refuse.
   */
  state(municipalityId: string) {
    return this.eventSourcing.state(municipality, municipalityId);
  }
}

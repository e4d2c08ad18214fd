import { Injectable } from '@nestjs/common';
import type { MunicipalityRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { municipality } from '../domain/municipality.decider';

/** The municipality aggregate's commands. */
@Injectable()
export class MunicipalityCommands {
  private readonly municipalities;

  constructor(private readonly eventSourcing: EventSourcing) {
    this.municipalities = eventSourcing.handler(municipality);
  }

  register(request: MunicipalityRecord, caller: CommandContext) {
    return this.municipalities.handle(
      municipality.streamId(request.municipalityId),
      { type: 'RegisterMunicipality', ...request },
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

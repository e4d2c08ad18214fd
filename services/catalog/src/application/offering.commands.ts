import { Injectable } from '@nestjs/common';
import type { OfferingOpenedV1 } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { offering } from '../domain/offering.decider';
import { ProgramCommands } from './program.commands';

type Transition = 'CloseEnrollment' | 'StartOffering' | 'FinishOffering';

/** The offering aggregate's commands. */
@Injectable()
export class OfferingCommands {
  private readonly offerings;

  constructor(
    eventSourcing: EventSourcing,
    private readonly programs: ProgramCommands,
  ) {
    this.offerings = eventSourcing.handler(offering);
  }

  async open(request: OfferingOpenedV1, caller: CommandContext) {
    const program = await this.programs.state(request.programId);
    return this.offerings.handle(
      offering.streamId(request.offeringId),
      { type: 'OpenOffering', ...request, program },
      caller,
    );
  }

  move(offeringId: string, type: Transition, caller: CommandContext) {
    return this.offerings.handle(offering.streamId(offeringId), { type, offeringId }, caller);
  }

  cancel(offeringId: string, reason: string, caller: CommandContext) {
    return this.offerings.handle(
      offering.streamId(offeringId),
      { type: 'CancelOffering', offeringId, reason },
      caller,
    );
  }

  state(offeringId: string) {
    return this.offerings.state(offering.streamId(offeringId));
  }
}

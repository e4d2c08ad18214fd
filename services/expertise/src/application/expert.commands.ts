import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { expert, type ExpertCommand } from '../domain/expert.decider';

type Request<T extends ExpertCommand['type']> = Omit<Extract<ExpertCommand, { type: T }>, 'type'>;

/** The expert aggregate's commands: the region's pool. */
@Injectable()
export class ExpertCommands {
  private readonly experts;

  constructor(eventSourcing: EventSourcing) {
    this.experts = eventSourcing.handler(expert);
  }

  register(request: Request<'RegisterExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'RegisterExpert', ...request },
      caller,
    );
  }

  deactivate(request: Request<'DeactivateExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'DeactivateExpert', ...request },
      caller,
    );
  }

  reactivate(request: Request<'ReactivateExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'ReactivateExpert', ...request },
      caller,
    );
  }
}

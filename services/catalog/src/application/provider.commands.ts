import { Injectable } from '@nestjs/common';
import type { ProviderRegisteredV3 } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { provider } from '../domain/provider.decider';

/** The provider aggregate's commands. */
@Injectable()
export class ProviderCommands {
  private readonly providers;

  constructor(eventSourcing: EventSourcing) {
    this.providers = eventSourcing.handler(provider);
  }

  register(request: ProviderRegisteredV3, caller: CommandContext) {
    return this.providers.handle(
      provider.streamId(request.providerId),
      { type: 'RegisterProvider', ...request },
      caller,
    );
  }

  update(request: ProviderRegisteredV3, caller: CommandContext) {
    return this.providers.handle(
      provider.streamId(request.providerId),
      { type: 'UpdateProvider', ...request },
      caller,
    );
  }
}

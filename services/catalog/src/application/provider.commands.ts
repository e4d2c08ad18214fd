import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { provider, providerStream, type RegisterProvider } from '../domain/provider.decider';

/** The provider aggregate's commands. */
@Injectable()
export class ProviderCommands {
  private readonly providers;

  constructor(eventSourcing: EventSourcing) {
    this.providers = eventSourcing.handler('provider', provider);
  }

  register(request: Omit<RegisterProvider, 'type'>, caller: CommandContext) {
    return this.providers.handle(
      providerStream(request.providerId),
      { type: 'RegisterProvider', ...request },
      caller,
    );
  }
}

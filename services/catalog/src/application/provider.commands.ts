import { Injectable } from '@nestjs/common';
import type { ProviderRegisteredV3 } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { DirectoryQueries } from '../projections/directories/directories.queries';
import { provider } from '../domain/provider.decider';

/** The provider aggregate's commands. */
@Injectable()
export class ProviderCommands {
  private readonly providers;

  constructor(
    eventSourcing: EventSourcing,
    private readonly directory: DirectoryQueries,
  ) {
    this.providers = eventSourcing.handler(provider);
  }

  async register(request: ProviderRegisteredV3, caller: CommandContext) {
    return this.providers.handle(
      provider.streamId(request.providerId),
      {
        type: 'RegisterProvider',
        ...request,
        keyHolder: await this.directory.holderOf('providers', request.region, request.inn),
      },
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

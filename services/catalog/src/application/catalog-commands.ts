import { Inject, Injectable } from '@nestjs/common';
import { assertAppendable, CURRENT_SCHEMA_VERSION, readPublishedEvent } from '@pk/contracts';
import { CommandContext, CommandHandler, CommandOutcome, EventStore, foldEvents } from '@pk/kernel';
import { EVENT_STORE } from '@pk/service-runtime';
import { program, programStream, SubmitProgram } from '../domain/program';
import { provider, ProviderEvent, providerStream, RegisterProvider } from '../domain/provider';

const options = {
  schemaVersionOf: (type: keyof typeof CURRENT_SCHEMA_VERSION) => CURRENT_SCHEMA_VERSION[type],
  // Streams keep the schema version an event was written with; decide on the current shape.
  upcast: readPublishedEvent,
  validate: (event: { type: string; data: unknown }) => assertAppendable(event.type, event.data),
};

/** The catalog's write side: each command loads its aggregate, decides, appends. */
@Injectable()
export class CatalogCommands {
  private readonly providers: CommandHandler<typeof provider.initialState, RegisterProvider, ProviderEvent>;
  private readonly programs;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.providers = new CommandHandler(store, provider, options);
    this.programs = new CommandHandler(store, program, options);
  }

  registerProvider(command: RegisterProvider, context: CommandContext): Promise<CommandOutcome> {
    return this.providers.handle(providerStream(command.providerId), command, context);
  }

  async submitProgram(
    command: Omit<SubmitProgram, 'provider'>,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    // The provider's registration is read, not locked: a provider is never unregistered, so a
    // decision on a slightly stale provider state cannot admit a program it should refuse.
    const history = (await this.store.readStream(providerStream(command.providerId))).map(readPublishedEvent);
    const providerState = foldEvents(provider, history as unknown as ProviderEvent[]);
    return this.programs.handle(
      programStream(command.programId),
      { ...command, provider: providerState },
      context,
    );
  }
}

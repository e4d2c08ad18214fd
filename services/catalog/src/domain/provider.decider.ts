import type { ProviderRegisteredV2 } from '@pk/contracts';
import { type Decider, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';

/** Registers a course provider (ВО/ДПО, resource centre) in its region's register. */
export type RegisterProvider = { readonly type: 'RegisterProvider' } & ProviderRegisteredV2;
export type ProviderCommand = RegisterProvider;

export type ProviderEvent = DomainEvent<'catalog.ProviderRegistered', ProviderRegisteredV2>;

export interface ProviderState {
  readonly registered: boolean;
  readonly region: string | null;
}

export const providerStream = (providerId: string) => `provider-${providerId}`;

export const provider: Decider<ProviderState, ProviderCommand, ProviderEvent> = {
  initialState: { registered: false, region: null },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterProvider': {
        if (state.registered) {
          throw new DomainError(
            'provider-already-registered',
            `provider ${command.providerId} is already registered`,
          );
        }
        const { type: _type, ...data } = command;
        return [{ type: 'catalog.ProviderRegistered', data }];
      }
      default:
        return unknownCommand(command.type satisfies never);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'catalog.ProviderRegistered':
        return { registered: true, region: event.data.region };
    }
  },
};

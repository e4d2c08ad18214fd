import type { ProviderRegisteredV2 } from '@pk/contracts';
import { Decider, DomainError, DomainEvent } from '@pk/kernel';

/** Registers a course provider (ВО/ДПО, resource centre) in its region's register. */
export type RegisterProvider = ProviderRegisteredV2;

export type ProviderEvent = DomainEvent<'catalog.ProviderRegistered', ProviderRegisteredV2>;

export interface ProviderState {
  readonly registered: boolean;
  readonly region: string | null;
}

export const providerStream = (providerId: string) => `provider-${providerId}`;

export const provider: Decider<ProviderState, RegisterProvider, ProviderEvent> = {
  initialState: { registered: false, region: null },

  decide(command, state) {
    if (state.registered) {
      throw new DomainError(
        'provider-already-registered',
        `provider ${command.providerId} is already registered`,
      );
    }
    return [{ type: 'catalog.ProviderRegistered', data: { ...command } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.ProviderRegistered':
        return { registered: true, region: event.data.region };
    }
    return state;
  },
};

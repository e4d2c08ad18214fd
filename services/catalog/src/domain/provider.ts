import type { ProviderOwnership, ProviderRegisteredV2 } from '@pk/contracts';
import { Decider, DomainError, DomainEvent } from '@pk/kernel';

/** A course provider (ВО/ДПО, resource centre) in a region's register. */
export interface RegisterProvider {
  readonly providerId: string;
  readonly region: string;
  readonly name: string;
  readonly inn: string;
  readonly ownership: ProviderOwnership;
}

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

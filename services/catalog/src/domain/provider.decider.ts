import type { ProviderRegisteredV3, ProviderUpdatedV1 } from '@pk/contracts';
import { defineAggregate, type DomainEvent, unknownCommand } from '@pk/kernel';
import { type KeyHolder, registration, update } from './directory-entry';

/** Registers a course provider (ВО/ДПО, resource centre) in its region's register. */
export type RegisterProvider = { readonly type: 'RegisterProvider' } & ProviderRegisteredV3 & KeyHolder;
/** Replaces a registered provider's record with the whole record given. */
export type UpdateProvider = { readonly type: 'UpdateProvider' } & ProviderUpdatedV1 & KeyHolder;
export type ProviderCommand = RegisterProvider | UpdateProvider;

export type ProviderEvent =
  | DomainEvent<'catalog.ProviderRegistered', ProviderRegisteredV3>
  | DomainEvent<'catalog.ProviderUpdated', ProviderUpdatedV1>;

export interface ProviderState {
  readonly registered: boolean;
  readonly region: string | null;
  /** The current record; null until registered. */
  readonly record: ProviderRegisteredV3 | null;
}

export const provider = defineAggregate<ProviderState, ProviderCommand, ProviderEvent>({
  name: 'provider',
  initialState: { registered: false, region: null, record: null },

  decide(command, state) {
    const { type, keyHolder = null, ...record } = command;
    switch (type) {
      case 'RegisterProvider':
        return registration('provider', record.providerId, state.record, record, keyHolder) === 'new'
          ? [{ type: 'catalog.ProviderRegistered', data: record }]
          : [];
      case 'UpdateProvider':
        return update('provider', record.providerId, state.record, record) === 'changed'
          ? [{ type: 'catalog.ProviderUpdated', data: record }]
          : [];
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated':
        return { registered: true, region: event.data.region, record: event.data };
    }
  },
});

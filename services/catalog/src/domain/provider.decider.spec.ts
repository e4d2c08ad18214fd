import type { ProviderRegisteredV3 } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { provider, type RegisterProvider, type UpdateProvider } from './provider.decider';

const registered: ProviderRegisteredV3 = {
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
  name: 'СИПКРО',
  inn: '6317010870',
  ownership: 'state',
  kind: 'dpo-institute',
};
const register: RegisterProvider = { type: 'RegisterProvider', ...registered };
const updateTo = (fields: Partial<ProviderRegisteredV3>): UpdateProvider => ({
  type: 'UpdateProvider',
  ...registered,
  ...fields,
});

describe('provider', () => {
  const spec = deciderSpec(provider);
  const given = spec.given([{ type: 'catalog.ProviderRegistered', data: registered }]);

  it('registers a new provider', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'catalog.ProviderRegistered', data: registered }]);
  });

  it('takes a repeated registration with the same record as done, deciding nothing', () => {
    given.when(register).then([]);
  });

  it('refuses to register a known provider with other data: that is an update', () => {
    given
      .when({ ...register, name: 'ИРО' })
      .thenFails('provider-already-registered', /уже есть с другими данными/);
  });

  it('updates the whole record, and decides nothing when nothing changed', () => {
    const renamed = updateTo({ name: 'Институт развития образования', kind: 'university' });
    const { type: _type, ...data } = renamed;
    given.when(renamed).then([{ type: 'catalog.ProviderUpdated', data }]);
    given.when(updateTo({})).then([]);
  });

  it('takes the latest update as the record a later update compares with', () => {
    const renamed = { ...registered, name: 'ИРО' };
    spec
      .given([
        { type: 'catalog.ProviderRegistered', data: registered },
        { type: 'catalog.ProviderUpdated', data: renamed },
      ])
      .when(updateTo({ name: 'ИРО' }))
      .then([]);
  });

  it('refuses to update a provider that is not registered', () => {
    spec.given([]).when(updateTo({})).thenFails('provider-not-registered');
  });

  it('never moves a provider to another region', () => {
    given.when(updateTo({ region: '24' })).thenFails('provider-region-fixed', /региону 63.*регион 24/);
  });

  it('updates a provider registered before its kind was recorded', () => {
    const legacy = { ...registered, kind: 'unspecified' as const };
    spec
      .given([{ type: 'catalog.ProviderRegistered', data: legacy }])
      .when(updateTo({}))
      .then([{ type: 'catalog.ProviderUpdated', data: registered }]);
  });
});

import { deciderSpec } from '@pk/test-kit';
import { provider, type RegisterProvider } from './provider.decider';

const register: RegisterProvider = {
  type: 'RegisterProvider',
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
  name: 'СИПКРО',
  inn: '6317010870',
  ownership: 'state',
};

const { type: _type, ...registered } = register;

describe('provider', () => {
  const spec = deciderSpec(provider);

  it('registers a new provider', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'catalog.ProviderRegistered', data: registered }]);
  });

  it('refuses to register the same provider twice', () => {
    spec
      .given([{ type: 'catalog.ProviderRegistered', data: registered }])
      .when(register)
      .thenFails('provider-already-registered', /already registered/);
  });
});

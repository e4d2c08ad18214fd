import type { ProviderRegisteredV3 } from '@pk/contracts';
import { DomainConflict } from '@pk/kernel';
import { deciderSpec } from '@pk/test-kit';
import { directoryId } from './directory-id';
import { provider, type RegisterProvider, type UpdateProvider } from './provider.decider';

const registered: ProviderRegisteredV3 = {
  providerId: directoryId('provider', '63', '6317010870'),
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

  describe('ids derived from the ИНН (issue 16.17)', () => {
    const legacyId = '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11';

    it('refuses a new provider under an id not derived from its region and ИНН, naming the right one', () => {
      spec
        .given([])
        .when({ ...register, providerId: legacyId })
        .thenFails(
          'provider-id-not-derived',
          new RegExp(`ИНН 6317010870 in region 63 is provider ${registered.providerId}, not ${legacyId}`),
        );
      // the id is the region's: the same ИНН in another region is another entry
      spec
        .given([])
        .when({ ...register, region: '64' })
        .thenFails('provider-id-not-derived', /in region 64 is provider/);
    });

    it('refuses a second entry of a known ИНН (held under an id of before the rule) as a conflict naming it', () => {
      let caught: unknown;
      try {
        provider.decide({ ...register, keyHolder: legacyId }, provider.initialState, {
          at: new Date(),
        } as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainConflict);
      expect(caught).toMatchObject({
        code: 'provider-key-registered',
        message: expect.stringContaining(
          `ИНН 6317010870 is already in the directory of region 63 as provider ${legacyId}`,
        ),
      });
      // the holder itself is no conflict
      spec
        .given([])
        .when({ ...register, keyHolder: registered.providerId })
        .then([{ type: 'catalog.ProviderRegistered', data: registered }]);
    });

    it('keeps an entry of before the rule: the same request again decides nothing, and it updates', () => {
      const legacy = { ...registered, providerId: legacyId };
      const old = spec.given([{ type: 'catalog.ProviderRegistered', data: legacy }]);
      old.when({ ...register, providerId: legacyId }).then([]);
      old.when({ ...updateTo({ name: 'СИПКРО им. Н. И. Пирогова' }), providerId: legacyId }).then([
        {
          type: 'catalog.ProviderUpdated',
          data: { ...legacy, name: 'СИПКРО им. Н. И. Пирогова' },
        },
      ]);
    });

    it('never changes an entry’s ИНН: another ИНН is another entry', () => {
      given
        .when(updateTo({ inn: '6317010871' }))
        .thenFails('provider-inn-fixed', /has ИНН 6317010870, not 6317010871/);
    });
  });
});

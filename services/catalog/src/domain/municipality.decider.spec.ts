import type { MunicipalityRecord } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { municipality, type RegisterMunicipality, type UpdateMunicipality } from './municipality.decider';

const togliatti: MunicipalityRecord = {
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  region: '63',
  name: 'городской округ Тольятти',
  kind: 'urban-district',
  oktmo: '36740000',
};
const register: RegisterMunicipality = { type: 'RegisterMunicipality', ...togliatti };
const updateTo = (fields: Partial<MunicipalityRecord>): UpdateMunicipality => ({
  type: 'UpdateMunicipality',
  ...togliatti,
  ...fields,
});

describe('municipality', () => {
  const spec = deciderSpec(municipality);
  const given = spec.given([{ type: 'catalog.MunicipalityRegistered', data: togliatti }]);

  it('registers a new municipality', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'catalog.MunicipalityRegistered', data: togliatti }]);
  });

  it('decides nothing for a repeated registration with the same record', () => {
    given.when(register).then([]);
  });

  it('refuses a registration with other data for a known municipality', () => {
    given.when({ ...register, kind: 'municipal-district' }).thenFails('municipality-already-registered');
  });

  it('updates when something changed, and only then', () => {
    given
      .when(updateTo({ name: 'г.о. Тольятти' }))
      .then([{ type: 'catalog.MunicipalityUpdated', data: { ...togliatti, name: 'г.о. Тольятти' } }]);
    given.when(updateTo({})).then([]);
  });

  it('compares with the stored record whatever the order of its keys (jsonb reorders them)', () => {
    const reordered = Object.fromEntries(
      Object.entries(togliatti).reverse(),
    ) as unknown as MunicipalityRecord;
    spec
      .given([{ type: 'catalog.MunicipalityRegistered', data: reordered }])
      .when(register)
      .then([]);
  });

  it('refuses to update an unknown municipality or move one to another region', () => {
    spec.given([]).when(updateTo({})).thenFails('municipality-not-registered');
    given.when(updateTo({ region: '64' })).thenFails('municipality-region-fixed');
  });
});

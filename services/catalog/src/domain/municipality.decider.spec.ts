import type { MunicipalityRecord } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { directoryId } from './directory-id';
import { municipality, type RegisterMunicipality, type UpdateMunicipality } from './municipality.decider';

const togliatti: MunicipalityRecord = {
  municipalityId: directoryId('municipality', '63', '36740000'),
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

  it('takes a new municipality only under the id derived from its ОКТМО, and never changes its ОКТМО', () => {
    spec
      .given([])
      .when({ ...register, municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64' })
      .thenFails('municipality-id-not-derived', /ОКТМО 36740000 in region 63 is municipality/);
    given.when(updateTo({ oktmo: '36701000' })).thenFails('municipality-oktmo-fixed');
  });
});

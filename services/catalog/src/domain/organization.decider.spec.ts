import type { MunicipalityRecord, OrganizationRecord } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { directoryId } from './directory-id';
import type { MunicipalityState } from './municipality.decider';
import { organization, type RegisterOrganization, type UpdateOrganization } from './organization.decider';

const togliatti: MunicipalityRecord = {
  municipalityId: directoryId('municipality', '63', '36740000'),
  region: '63',
  name: 'городской округ Тольятти',
  kind: 'urban-district',
  oktmo: '36740000',
};
const school: OrganizationRecord = {
  organizationId: directoryId('organization', '63', '6321064750'),
  region: '63',
  municipalityId: togliatti.municipalityId,
  name: 'МБУ «Школа № 93» г.о. Тольятти',
  kind: 'school',
  inn: '6321064750',
};
const known: MunicipalityState = { record: togliatti };
const register: RegisterOrganization = { type: 'RegisterOrganization', ...school, municipality: known };
const updateTo = (fields: Partial<UpdateOrganization>): UpdateOrganization => ({
  type: 'UpdateOrganization',
  ...school,
  municipality: known,
  ...fields,
});

describe('organization', () => {
  const spec = deciderSpec(organization);
  const given = spec.given([{ type: 'catalog.OrganizationRegistered', data: school }]);

  it('registers an organization of a registered municipality of its region', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'catalog.OrganizationRegistered', data: school }]);
  });

  it('refuses an organization in a municipality the directory does not hold', () => {
    spec
      .given([])
      .when({ ...register, municipality: { record: null } })
      .thenFails('municipality-not-registered', new RegExp(togliatti.municipalityId));
  });

  it('refuses an organization in a municipality of another region', () => {
    spec
      .given([])
      .when({ ...register, region: '64' })
      .thenFails('municipality-in-another-region', /регионе 63, а не 64/);
  });

  it('decides nothing for the same record twice, and refuses other data on register', () => {
    given.when(register).then([]);
    given.when({ ...register, kind: 'preschool' }).thenFails('organization-already-registered');
  });

  it('updates the whole record, moving it to another municipality of the region', () => {
    const other: MunicipalityRecord = {
      ...togliatti,
      municipalityId: directoryId('municipality', '63', '36701000'),
      oktmo: '36701000',
      name: 'городской округ Самара',
    };
    const moved = updateTo({ municipalityId: other.municipalityId, municipality: { record: other } });
    given
      .when(moved)
      .then([
        { type: 'catalog.OrganizationUpdated', data: { ...school, municipalityId: other.municipalityId } },
      ]);
    given.when(updateTo({})).then([]);
  });

  it('refuses to update an unknown organization, move it to another region or an unknown municipality', () => {
    spec.given([]).when(updateTo({})).thenFails('organization-not-registered');
    given
      .when(updateTo({ region: '64', municipality: { record: { ...togliatti, region: '64' } } }))
      .thenFails('organization-region-fixed');
    given.when(updateTo({ municipality: { record: null } })).thenFails('municipality-not-registered');
  });
});

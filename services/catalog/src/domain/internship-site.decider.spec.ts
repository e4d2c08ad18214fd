import type { InternshipSiteRecord, MunicipalityRecord } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { directoryId } from './directory-id';
import {
  internshipSite,
  type RegisterInternshipSite,
  type UpdateInternshipSite,
} from './internship-site.decider';

const togliatti: MunicipalityRecord = {
  municipalityId: directoryId('municipality', '63', '36740000'),
  region: '63',
  name: 'городской округ Тольятти',
  kind: 'urban-district',
  oktmo: '36740000',
};
const site: InternshipSiteRecord = {
  siteId: directoryId('internship-site', '63', '6320002223'),
  region: '63',
  municipalityId: togliatti.municipalityId,
  name: 'ПАО «АвтоВАЗ», учебный центр',
  inn: '6320002223',
  profile: 'Автомобилестроение, сборочное производство',
  programIds: ['4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58'],
  periods: [
    { startsOn: '2026-03-02', endsOn: '2026-03-13', places: 12 },
    { startsOn: '2026-10-05', endsOn: '2026-10-16', places: 12 },
  ],
};
const register: RegisterInternshipSite = {
  type: 'RegisterInternshipSite',
  ...site,
  municipality: { record: togliatti },
  programRegions: {
    '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58': '63',
    '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21': '63',
  },
};
const updateTo = (fields: Partial<InternshipSiteRecord>): UpdateInternshipSite => ({
  ...register,
  ...fields,
  type: 'UpdateInternshipSite',
});

describe('internship site', () => {
  const spec = deciderSpec(internshipSite);
  const given = spec.given([{ type: 'catalog.InternshipSiteRegistered', data: site }]);

  it('registers a site of a registered municipality of its region', () => {
    spec
      .given([])
      .when(register)
      .then([{ type: 'catalog.InternshipSiteRegistered', data: site }]);
  });

  it('takes a one-day period and a site with no periods yet', () => {
    const oneDay = { ...site, periods: [{ startsOn: '2026-03-02', endsOn: '2026-03-02', places: 1 }] };
    spec
      .given([])
      .when({ ...register, ...oneDay })
      .then([{ type: 'catalog.InternshipSiteRegistered', data: oneDay }]);
    spec
      .given([])
      .when({ ...register, periods: [] })
      .then([{ type: 'catalog.InternshipSiteRegistered', data: { ...site, periods: [] } }]);
  });

  it('refuses a period that ends before it starts, naming it', () => {
    const reversed = [site.periods[0]!, { startsOn: '2026-10-16', endsOn: '2026-10-05', places: 12 }];
    spec
      .given([])
      .when({ ...register, periods: reversed })
      .thenFails(
        'internship-period-reversed',
        /период 2 заканчивается \(2026-10-05\) раньше, чем начинается/,
      );
  });

  it('refuses a period without places', () => {
    spec
      .given([])
      .when({ ...register, periods: [{ startsOn: '2026-03-02', endsOn: '2026-03-13', places: 0 }] })
      .thenFails('internship-period-without-places', /в периоде 1/);
  });

  it('refuses a site in an unknown municipality or one of another region', () => {
    spec
      .given([])
      .when({ ...register, municipality: { record: null } })
      .thenFails('municipality-not-registered');
    spec
      .given([])
      .when({ ...register, municipality: { record: { ...togliatti, region: '64' } } })
      .thenFails('municipality-in-another-region');
  });

  it('hosts only programs the catalog holds, of its own region', () => {
    const program = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
    spec
      .given([])
      .when({ ...register, programRegions: {} })
      .thenFails('hosted-program-unknown', new RegExp(`program ${program} is not in the catalog`));
    spec
      .given([])
      .when({ ...register, programRegions: { [program]: '24' } })
      .thenFails('hosted-program-in-another-region', /belongs to region 24; a site of region 63/);
    given.when({ ...updateTo({}), programRegions: { [program]: null } }).thenFails('hosted-program-unknown');
  });

  it('updates programs and periods, and decides nothing for the same record', () => {
    const more = updateTo({
      periods: [...site.periods, { startsOn: '2027-03-01', endsOn: '2027-03-12', places: 8 }],
    });
    const { type: _type, municipality: _municipality, programRegions: _regions, ...data } = more;
    given.when(more).then([{ type: 'catalog.InternshipSiteUpdated', data }]);
    given.when(updateTo({})).then([]);
    given.when(register).then([]);
  });

  it('takes another order of programs as a change: the list is the record', () => {
    const two = {
      ...site,
      programIds: ['4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58', '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21'],
    };
    const swapped = updateTo({ programIds: [...two.programIds].reverse() });
    spec
      .given([{ type: 'catalog.InternshipSiteRegistered', data: two }])
      .when(swapped)
      .then([{ type: 'catalog.InternshipSiteUpdated', data: { ...two, programIds: swapped.programIds } }]);
  });

  it('refuses to update an unknown site or move one to another region', () => {
    spec.given([]).when(updateTo({})).thenFails('internship-site-not-registered');
    given
      .when({ ...updateTo({ region: '64' }), municipality: { record: { ...togliatti, region: '64' } } })
      .thenFails('internship-site-region-fixed');
  });
});

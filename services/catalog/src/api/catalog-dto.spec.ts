import { assertAppendable } from '@pk/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OpenOfferingRequest } from './offering.dto';
import { DraftProgramRequest } from './program.dto';
import { RegisterInternshipSiteRequest } from './internship-site.dto';
import { RegisterMunicipalityRequest } from './municipality.dto';
import { RegisterOrganizationRequest } from './organization.dto';
import { RegisterProviderRequest, UpdateProviderRequest } from './provider.dto';

const provider = {
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
  name: 'СИПКРО',
  inn: '6317010870',
  ownership: 'state',
  kind: 'dpo-institute',
};
const municipality = {
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  region: '63',
  name: 'городской округ Тольятти',
  kind: 'urban-district',
  oktmo: '36740000',
};
const organization = {
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  region: '63',
  municipalityId: municipality.municipalityId,
  name: 'МБУ «Школа № 93» г.о. Тольятти',
  kind: 'school',
  inn: '6321064750',
};
const site = {
  siteId: '8e5b2a71-3f9c-4d06-b1e4-6c8a2f7d5e93',
  region: '63',
  municipalityId: municipality.municipalityId,
  name: 'ПАО «АвтоВАЗ», учебный центр',
  inn: '6320002223',
  profile: 'Автомобилестроение, сборочное производство',
  programIds: ['4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58'],
  periods: [{ startsOn: '2026-03-02', endsOn: '2026-03-13', places: 12 }],
};
const program = {
  programId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
  providerId: provider.providerId,
  region: '63',
  title: 'Формирование функциональной грамотности',
  annotation: 'Для учителей естественно-научного цикла.',
  kind: 'advanced-training',
  hours: 36,
  format: 'blended',
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  subjects: ['physics'],
  workProfile: '',
  competencies: ['R/01'],
  voucherEligible: true,
  employerAssessment: false,
  practiceShare: 40,
};
const offering = {
  offeringId: 'f4c1a8e6-2d7b-4953-8e0a-5b3d9c6f1a27',
  programId: program.programId,
  providerId: provider.providerId,
  region: '63',
  startsOn: '2026-02-02',
  endsOn: '2026-02-13',
  enrollmentDeadline: '2026-01-26',
  online: false,
  place: 'Самара, ул. Мичурина, 19',
  capacity: 25,
  minimumGroupSize: 10,
};

/** Strings of a given length in code points, built from characters that count differently elsewhere. */
const texts = (length: number) => [
  'я'.repeat(length),
  '😀'.repeat(length), // a surrogate pair each: two UTF-16 units, one character
  'a\uFE0F'.repeat(Math.ceil(length / 2)).slice(0, length), // variation selectors, which validator.js skips
];

// What the DTO lets through must be what the event's contract takes: otherwise a valid request
// would fail when its event is checked before the append.
describe.each([
  ['RegisterProviderRequest', 'name', RegisterProviderRequest, provider, 'catalog.ProviderRegistered', 500],
  ['UpdateProviderRequest', 'name', UpdateProviderRequest, provider, 'catalog.ProviderUpdated', 500],
  [
    'RegisterMunicipalityRequest',
    'name',
    RegisterMunicipalityRequest,
    municipality,
    'catalog.MunicipalityRegistered',
    300,
  ],
  [
    'RegisterOrganizationRequest',
    'name',
    RegisterOrganizationRequest,
    organization,
    'catalog.OrganizationRegistered',
    500,
  ],
  [
    'RegisterInternshipSiteRequest',
    'name',
    RegisterInternshipSiteRequest,
    site,
    'catalog.InternshipSiteRegistered',
    500,
  ],
  [
    'RegisterInternshipSiteRequest',
    'profile',
    RegisterInternshipSiteRequest,
    site,
    'catalog.InternshipSiteRegistered',
    300,
  ],
  ['DraftProgramRequest', 'title', DraftProgramRequest, program, 'catalog.ProgramDrafted', 1000],
  ['DraftProgramRequest', 'workProfile', DraftProgramRequest, program, 'catalog.ProgramDrafted', 300],
  ['OpenOfferingRequest', 'place', OpenOfferingRequest, offering, 'catalog.OfferingOpened', 500],
] as const)('%s.%s', (_name, field, Dto, valid, type, max) => {
  const dtoAccepts = (value: string) =>
    validateSync(plainToInstance(Dto as new () => object, { ...valid, [field]: value })).length === 0;
  const contractAccepts = (value: string) => {
    try {
      assertAppendable(type, { ...valid, [field]: value });
      return true;
    } catch {
      return false;
    }
  };

  it.each([1, max - 1, max, max + 1])('agrees with the contract on text of %i characters', (length) => {
    for (const text of texts(length)) {
      expect({ length, dto: dtoAccepts(text) }).toEqual({ length, dto: contractAccepts(text) });
    }
  });

  it('refuses what the contract takes but the event store or a reader should not (controls, lone surrogates)', () => {
    for (const text of ['a\u0000b', 'a\ud800b', 'a\u001bb', 'a\nb']) expect(dtoAccepts(text)).toBe(false);
  });

  it('refuses text that reads otherwise than stored (bidi controls) or shows nothing (invisible only)', () => {
    const hidden = [
      '\u202Eтекст',
      'Школа\u2066 № 1\u2069',
      '\u200B',
      ' \u200B\u00A0',
      '\u3164',
      '\uFEFF\u2060',
    ];
    for (const text of hidden)
      expect({ text, accepted: dtoAccepts(text) }).toEqual({ text, accepted: false });
    // the same letters with ordinary spaces, dashes and quotes stay names
    expect(dtoAccepts('МБОУ «Школа № 1» — филиал')).toBe(true);
  });
});

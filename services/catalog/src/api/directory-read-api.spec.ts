import type { Principal } from '@pk/auth';
import { InMemoryEventStore } from '@pk/kernel';
import { ServiceKit } from '@pk/service-runtime';
import { routesWithoutAnswerSchema, type ServiceApi, startServiceApi, TestClock, until } from '@pk/test-kit';
import { directoryId } from '../domain/directory-id';
import { service } from '../service';

// Reading the directories (issue 16.6): each directory lists its region's entries by name in keyset
// pages, searchable by words of the name or a whole ИНН/ОКТМО, organizations and sites filtered by
// municipality, and answers one entry with its version; for the roles that run the region's training.
describe('directories read API', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/catalog', clock });
  let api: ServiceApi;
  const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };
  const admin24: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };

  const municipality = (region: string, oktmo: string, name: string) => ({
    municipalityId: directoryId('municipality', region, oktmo),
    region,
    name,
    kind: 'urban-district',
    oktmo,
  });
  const samara = municipality('63', '36701000', 'городской округ Самара');
  const togliatti = municipality('63', '36740000', 'городской округ Тольятти');
  const krasnoyarsk = municipality('24', '04701000', 'городской округ Красноярск');
  const organization = (region: string, inn: string, name: string, municipalityId: string) => ({
    organizationId: directoryId('organization', region, inn),
    region,
    name,
    kind: 'school',
    inn,
    municipalityId,
  });
  const schools = [
    organization('63', '6321064750', 'МБУ «Школа № 93»', togliatti.municipalityId),
    organization('63', '6315000001', 'МБОУ Лицей «Созвездие»', samara.municipalityId),
    organization('63', '6321000003', 'МБДОУ «Детский сад № 3»', togliatti.municipalityId),
    organization(
      '63',
      '6315000002',
      'МБОУ «Школа № 1 с углублённым изучением ёмких предметов»',
      samara.municipalityId,
    ),
  ];
  const ofKrasnoyarsk = organization('24', '2466000001', 'МАОУ «Школа № 1»', krasnoyarsk.municipalityId);
  const provider = {
    providerId: directoryId('provider', '63', '6317010870'),
    region: '63',
    name: 'ГАУ ДПО «СИПКРО»',
    inn: '6317010870',
    ownership: 'state',
    kind: 'dpo-institute',
  };
  const site = {
    siteId: directoryId('internship-site', '63', '6320002223'),
    region: '63',
    municipalityId: togliatti.municipalityId,
    name: 'ПАО «АвтоВАЗ», учебный центр',
    inn: '6320002223',
    profile: 'Автомобилестроение',
    programIds: [],
    periods: [{ startsOn: '2026-03-02', endsOn: '2026-03-13', places: 12 }],
  };

  const get = async (as: Principal, path: string) => {
    const answer = await api.as(as).get(path);
    return answer as {
      status: number;
      body: Record<string, unknown> & { entries?: Record<string, unknown>[] };
    };
  };
  const names = (body: { entries?: Record<string, unknown>[] }) => (body.entries ?? []).map((e) => e['name']);

  beforeAll(async () => {
    api = await startServiceApi('catalog', [ServiceKit.inMemory(service, { store, clock })]);
    for (const [as, path, body] of [
      [admin, '/municipalities', samara],
      [admin, '/municipalities', togliatti],
      [admin24, '/municipalities', krasnoyarsk],
      ...schools.map((school) => [admin, '/organizations', school] as const),
      [admin24, '/organizations', ofKrasnoyarsk],
      [admin, '/providers', provider],
      [admin, '/internship-sites', site],
    ] as const) {
      expect(await api.as(as).post(path, body)).toMatchObject({ status: 201 });
    }
    await until(async () => (await get(admin, '/internship-sites')).body.entries?.length === 1, 'the sites');
    await until(async () => (await get(admin, '/organizations')).body.entries?.length === 4, 'the schools');
  }, 30_000);
  afterAll(() => api.close());

  it('lists a region’s organizations by name in keyset pages, `next` continuing where the last ended', async () => {
    const first = await get(admin, '/organizations?limit=3');
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual([
      'МБДОУ «Детский сад № 3»',
      'МБОУ «Школа № 1 с углублённым изучением ёмких предметов»',
      'МБОУ Лицей «Созвездие»',
    ]);
    expect(first.body.entries![0]).toEqual({
      organizationId: schools[2]!.organizationId,
      region: '63',
      name: 'МБДОУ «Детский сад № 3»',
      kind: 'school',
      inn: '6321000003',
      municipalityId: togliatti.municipalityId,
      updatedAt: '2026-09-01T09:00:00.000Z',
    });
    expect(first.body.next).toEqual(expect.any(String));
    const second = await get(admin, `/organizations?limit=3&after=${String(first.body.next)}`);
    expect(names(second.body)).toEqual(['МБУ «Школа № 93»']);
    expect(second.body.next).toBeNull();
    // another region's list is its own
    expect(names((await get(admin24, '/organizations')).body)).toEqual(['МАОУ «Школа № 1»']);
  });

  it('finds entries by words of the name, by ИНН or ОКТМО, and organizations by municipality', async () => {
    expect(names((await get(admin, `/organizations?q=${encodeURIComponent('школа емких')}`)).body)).toEqual([
      'МБОУ «Школа № 1 с углублённым изучением ёмких предметов»',
    ]);
    expect(names((await get(admin, '/organizations?q=6321064750')).body)).toEqual(['МБУ «Школа № 93»']);
    expect(names((await get(admin, `/organizations?municipalityId=${samara.municipalityId}`)).body)).toEqual([
      'МБОУ «Школа № 1 с углублённым изучением ёмких предметов»',
      'МБОУ Лицей «Созвездие»',
    ]);
    expect(names((await get(admin, '/municipalities?q=36740000')).body)).toEqual([
      'городской округ Тольятти',
    ]);
    expect(names((await get(admin, `/providers?q=${encodeURIComponent('СИПКРО')}`)).body)).toEqual([
      'ГАУ ДПО «СИПКРО»',
    ]);
    expect(
      names((await get(admin, `/internship-sites?municipalityId=${togliatti.municipalityId}`)).body),
    ).toEqual(['ПАО «АвтоВАЗ», учебный центр']);
    expect(await get(admin, '/organizations?limit=0&after=%%%')).toMatchObject({ status: 400 });
    // providers and municipalities lie in no municipality: the filter is no parameter of theirs
    expect(await get(admin, `/providers?municipalityId=${samara.municipalityId}`)).toMatchObject({
      status: 400,
      body: { errors: ['municipalityId should not exist'] },
    });
  });

  it('answers one entry of each directory with its version as ETag; another region’s as not found', async () => {
    for (const [path, id, entry] of [
      ['providers', provider.providerId, provider],
      ['municipalities', togliatti.municipalityId, togliatti],
      ['organizations', schools[0]!.organizationId, schools[0]],
      ['internship-sites', site.siteId, site],
    ] as const) {
      const response = await fetch(`${api.url}/${path}/${id}`, {
        headers: { authorization: await tokenOf(admin) },
      });
      expect({ path, status: response.status, etag: response.headers.get('etag') }).toEqual({
        path,
        status: 200,
        etag: '"0"',
      });
      expect(await response.json()).toEqual({ ...entry, updatedAt: '2026-09-01T09:00:00.000Z' });
    }
    expect(await get(admin, `/organizations/${ofKrasnoyarsk.organizationId}`)).toMatchObject({ status: 404 });
    expect(
      await get(admin, `/organizations/${directoryId('organization', '63', '6300000000')}`),
    ).toMatchObject({
      status: 404,
    });
  });

  it('lets the region’s staff read, not teachers, nor another region by `?region=`', async () => {
    const staff: Principal[] = [
      { subject: 'a', role: 'auditor', region: '63' },
      { subject: 'm', role: 'municipal-operator', region: '63', municipality: togliatti.municipalityId },
      { subject: 'p', role: 'provider', region: '63', organization: provider.providerId },
      { subject: 'e', role: 'expert', region: '63' },
    ];
    for (const principal of staff) {
      expect({ role: principal.role, status: (await get(principal, '/providers')).status }).toEqual({
        role: principal.role,
        status: 200,
      });
    }
    expect(await get({ subject: 't', role: 'teacher', region: '63' }, '/providers')).toMatchObject({
      status: 403,
    });
    expect(await get(admin, '/organizations?region=24')).toMatchObject({ status: 403 });
  });

  it('documents the answer of every directory read in OpenAPI', () => {
    const reads = ['providers', 'municipalities', 'organizations', 'internship-sites'].flatMap((path) => [
      `GET /${path}`,
      `GET /${path}/{id}`,
    ]);
    expect(routesWithoutAnswerSchema(api.app).filter((route) => reads.includes(route))).toEqual([]);
    expect(routesWithoutAnswerSchema(api.app)).not.toContain('GET /organizations');
  });

  /** Tokens come from the kit's client (its signing key is its own); headers need fetch. */
  async function tokenOf(principal: Principal): Promise<string> {
    const spy = jest.spyOn(globalThis, 'fetch');
    try {
      await api.as(principal).get('/health');
      return (spy.mock.calls[0]![1]!.headers as Record<string, string>)['authorization']!;
    } finally {
      spy.mockRestore();
    }
  }
});

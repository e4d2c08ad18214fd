import type { Principal } from '@pk/auth';
import { goldenExample } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { ServiceKit } from '@pk/service-runtime';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { providerRegistered, type ServiceApi, startServiceApi, TestClock, until } from '@pk/test-kit';
import * as iconv from 'iconv-lite';
import { directoryId } from '../domain/directory-id';
import { service } from '../service';

interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly etag: string | null;
  readonly body: Record<string, unknown>;
}

// The directories' HTTP API given/when/then on the in-memory kit: registers and updates, the
// bulk import from CSV with its report, and who may call what.
describe('directories HTTP API', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/catalog', clock });
  let api: ServiceApi;
  const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };
  const auditor: Principal = { subject: 'auditor-63', role: 'auditor', region: '63' };

  // the contracts' examples under the ids derived from their ОКТМО and ИНН, as the catalog takes them
  const golden = {
    municipality: goldenExample('catalog.MunicipalityRegistered').data,
    organization: goldenExample('catalog.OrganizationRegistered').data,
    site: goldenExample('catalog.InternshipSiteRegistered').data,
    provider: goldenExample('catalog.ProviderRegistered').data,
  };
  const togliatti = {
    ...golden.municipality,
    municipalityId: directoryId('municipality', '63', golden.municipality.oktmo),
  };
  const school = {
    ...golden.organization,
    organizationId: directoryId('organization', '63', golden.organization.inn),
    municipalityId: togliatti.municipalityId,
  };
  // hosting no programs: a site names only programs the catalog holds (tested on its own below)
  const site = {
    ...golden.site,
    siteId: directoryId('internship-site', '63', golden.site.inn),
    municipalityId: togliatti.municipalityId,
    programIds: [] as string[],
  };
  const provider = { ...golden.provider, providerId: directoryId('provider', '63', golden.provider.inn) };

  beforeAll(async () => {
    api = await startServiceApi('catalog', [ServiceKit.inMemory(service, { store, clock })]);
  });
  afterAll(() => api.close());

  /** Tokens come from the kit's client (its signing key is its own); PUT and headers need fetch. */
  async function tokenOf(principal: Principal): Promise<string> {
    const spy = jest.spyOn(globalThis, 'fetch');
    try {
      await api.as(principal).get('/health');
      return (spy.mock.calls[0]![1]!.headers as Record<string, string>)['authorization']!;
    } finally {
      spy.mockRestore();
    }
  }

  async function send(
    principal: Principal | undefined,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = principal
      ? { ...extra, authorization: await tokenOf(principal) }
      : { ...extra };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers,
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? (body as string)
            : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      location: response.headers.get('location'),
      etag: response.headers.get('etag'),
      body: text ? JSON.parse(text) : {},
    };
  }

  const withoutId = <T extends object, K extends keyof T>(record: T, id: K): Omit<T, K> => {
    const { [id]: _id, ...rest } = record;
    return rest;
  };
  const events = async () => (await store.readAll(null, 1_000_000)).length;

  /** Starts an import and waits for its report. */
  async function importCsv(directory: string, csv: string | Buffer, as: Principal = admin) {
    const started = await send(as, 'POST', `/imports/${directory}?region=63`, csv, 'text/csv');
    expect(started).toMatchObject({ status: 202, location: `/imports/${started.body['importId']}` });
    let report: Record<string, unknown> = {};
    await until(async () => {
      report = (await send(as, 'GET', started.location!)).body;
      return report['status'] === 'finished';
    }, `import ${started.body['importId']} to finish`);
    return report;
  }

  describe('providers', () => {
    it('registers a provider with its kind, and takes the same request again as done', async () => {
      const upper = { ...provider, providerId: provider.providerId.toUpperCase() };
      const first = await send(admin, 'POST', '/providers', upper, 'application/json', {
        'x-correlation-id': 'req-42',
      });
      expect(first).toMatchObject({ status: 201, body: { version: 0 } });
      expect(await send(admin, 'POST', '/providers', provider)).toMatchObject({
        status: 201,
        body: { version: 0 },
      });
      expect(await store.readStream(`provider-${provider.providerId}`)).toMatchObject([
        {
          type: 'catalog.ProviderRegistered',
          data: provider,
          actor: { id: 'admin-63', role: 'ministry-admin' },
          correlationId: 'req-42',
          time: '2026-09-01T09:00:00.000Z',
        },
      ]);
    });

    it("answers with the record's version as ETag, and takes one of two edits sent with the same If-Match (412 for the other)", async () => {
      const providerId = directoryId('provider', '63', '6317010871');
      const registered = await send(admin, 'POST', '/providers', {
        ...provider,
        providerId,
        inn: '6317010871',
      });
      expect(registered).toMatchObject({ status: 201, etag: '"0"', body: { version: 0 } });
      const path = `/providers/${providerId}`;
      const authorization = await tokenOf(admin); // taken once: the edits are sent at the same moment
      const edit = (name: string) =>
        send(
          undefined,
          'PUT',
          path,
          withoutId({ ...provider, providerId, inn: '6317010871', name }, 'providerId'),
          'application/json',
          { authorization, 'if-match': registered.etag! },
        );
      // two admins read version 0 and save their edits at once
      const answers = await Promise.all([
        edit('ГАУ ДПО СИПКРО, редакция 1'),
        edit('ГАУ ДПО СИПКРО, редакция 2'),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
      expect(answers.find((a) => a.status === 200)).toMatchObject({ etag: '"1"', body: { version: 1 } });
      expect(answers.find((a) => a.status === 412)).toMatchObject({
        body: {
          code: 'revision-mismatch',
          detail: expect.stringMatching(/is at revision 1, the caller expected 0/),
        },
      });
      const stream = await store.readStream(`provider-${providerId}`);
      expect(stream.map((event) => event.type)).toEqual([
        'catalog.ProviderRegistered',
        'catalog.ProviderUpdated',
      ]);
      // the current version is taken; a malformed one is refused; none means "whatever it is now"
      expect((await edit('ГАУ ДПО СИПКРО, редакция 1')).status).toBe(412);
      expect(
        await send(
          admin,
          'PUT',
          path,
          withoutId({ ...provider, providerId, inn: '6317010871', name: 'Третья' }, 'providerId'),
          'application/json',
          {
            'if-match': 'yesterday',
          },
        ),
      ).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^If-Match должен быть ETag/) } });
      expect(
        await send(
          admin,
          'PUT',
          path,
          withoutId({ ...provider, providerId, inn: '6317010871', name: 'Третья' }, 'providerId'),
          'application/json',
          {
            'if-match': '"1"',
          },
        ),
      ).toMatchObject({ status: 200, etag: '"2"' });
    });

    it('refuses to register it again with other data (422), and updates it with PUT', async () => {
      const renamed = { ...provider, name: 'ГАУ ДПО СО «Институт развития образования»' };
      expect(await send(admin, 'POST', '/providers', renamed)).toMatchObject({
        status: 422,
        body: { code: 'provider-already-registered' },
      });
      const path = `/providers/${provider.providerId.toUpperCase()}`;
      expect(await send(admin, 'PUT', path, withoutId(renamed, 'providerId'))).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      expect(await send(admin, 'PUT', path, withoutId(renamed, 'providerId'))).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      const stream = await store.readStream(`provider-${provider.providerId}`);
      expect(stream.map((event) => [event.type, event.data])).toEqual([
        ['catalog.ProviderRegistered', provider],
        ['catalog.ProviderUpdated', renamed],
      ]);
    });

    it('never moves a provider to another region, and names a bad field with 400', async () => {
      const admin24: Principal = { ...admin, region: '24' };
      expect(
        await send(admin24, 'PUT', `/providers/${provider.providerId}`, {
          ...withoutId(provider, 'providerId'),
          region: '24',
        }),
      ).toMatchObject({ status: 422, body: { code: 'provider-region-fixed' } });
      expect(await send(admin, 'POST', '/providers', { ...provider, kind: 'academy' })).toMatchObject({
        status: 400,
        body: { errors: [expect.stringMatching(/^kind: допустимые значения: /)] },
      });
      expect(await send(admin, 'PUT', `/providers/${provider.providerId}`, provider)).toMatchObject({
        status: 400,
        body: {
          errors: ['providerId: такого поля нет в запросе этого вида; уберите его (проверьте написание)'],
        },
      });
      expect(
        await send(admin, 'PUT', '/providers/not-an-id', withoutId(provider, 'providerId')),
      ).toMatchObject({
        status: 400,
      });
    });

    it('refuses to update a provider that is not registered', async () => {
      const unknown = '0b6f4c2e-1d3a-4e5f-8a9b-7c6d5e4f3a21';
      expect(
        await send(admin, 'PUT', `/providers/${unknown}`, withoutId(provider, 'providerId')),
      ).toMatchObject({
        status: 422,
        body: { code: 'provider-not-registered' },
      });
    });
  });

  describe('ids derived from ИНН and ОКТМО (issue 16.17)', () => {
    it('refuses a new entry under an id of the client’s choosing, naming the derived one', async () => {
      const chosen = '2f1e0d9c-8b7a-4654-9321-0fedcba98765';
      const derived = directoryId('provider', '63', '6317010872');
      expect(
        await send(admin, 'POST', '/providers', { ...provider, providerId: chosen, inn: '6317010872' }),
      ).toMatchObject({
        status: 422,
        body: {
          code: 'provider-id-not-derived',
          detail: expect.stringContaining(
            `ИНН 6317010872 in region 63 is provider ${derived}, not ${chosen}`,
          ),
        },
      });
      expect(
        await send(admin, 'POST', '/municipalities', {
          ...togliatti,
          municipalityId: chosen,
          oktmo: '36650000',
        }),
      ).toMatchObject({ status: 422, body: { code: 'municipality-id-not-derived' } });
      expect(await store.readStream(`provider-${chosen}`)).toEqual([]);
    });

    it('refuses a second entry of an ИНН registered before the rule under another id: 409 naming it, in the file’s report too', async () => {
      // an entry of before the rule: its id was the client's
      const legacyId = 'c0ffee00-1111-4222-8333-444455556666';
      const legacy = providerRegistered('63', legacyId);
      await store.append(
        `provider-${legacyId}`,
        [{ ...legacy, data: { ...(legacy.data as object), inn: '6317010873' } }],
        'no-stream',
      );
      await until(async () => {
        const found = await send(admin, 'GET', '/providers?q=6317010873');
        return (found.body['entries'] as unknown[] | undefined)?.length === 1;
      }, 'the directories to hold the entry of before the rule');
      const derived = directoryId('provider', '63', '6317010873');
      expect(
        await send(admin, 'POST', '/providers', { ...provider, providerId: derived, inn: '6317010873' }),
      ).toMatchObject({
        status: 409,
        body: {
          code: 'provider-key-registered',
          detail: expect.stringContaining(
            `ИНН 6317010873 is already in the directory of region 63 as provider ${legacyId}`,
          ),
        },
      });
      const report = await importCsv(
        'providers',
        'inn;name;kind;ownership\n6317010873;СИПКРО;dpo-institute;state',
      );
      expect(report).toMatchObject({ registered: 0, rejected: 1 });
      expect(report['rejections']).toEqual([
        expect.objectContaining({
          line: 2,
          column: 'inn',
          reason: `ИНН 6317010873 уже есть в справочнике региона 63 под другим идентификатором (${legacyId}); измените ту запись через PUT`,
        }),
      ]);
      expect(await store.readStream(`provider-${derived}`)).toEqual([]);
      // the entry of before the rule is still changed by PUT under its own id
      expect(
        await send(admin, 'PUT', `/providers/${legacyId}`, {
          ...withoutId(provider, 'providerId'),
          inn: '6317010873',
          name: 'СИПКРО',
        }),
      ).toMatchObject({ status: 200, body: { version: 1 } });
    });

    it('never changes an entry’s ИНН by PUT', async () => {
      expect(
        await send(admin, 'PUT', `/providers/${provider.providerId}`, {
          ...withoutId(provider, 'providerId'),
          inn: '6317010874',
        }),
      ).toMatchObject({ status: 422, body: { code: 'provider-inn-fixed' } });
    });

    it('states the rule in the API documents', () => {
      const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
      const schemas = document.components?.schemas as Record<
        string,
        { properties: Record<string, { description?: string }> }
      >;
      for (const [schema, id] of [
        ['RegisterProviderRequest', 'providerId'],
        ['RegisterMunicipalityRequest', 'municipalityId'],
        ['RegisterOrganizationRequest', 'organizationId'],
        ['RegisterInternshipSiteRequest', 'siteId'],
      ] as const) {
        expect(schemas[schema]!.properties[id]!.description).toMatch(
          /^UUID v5 derived from the region and the (ИНН|ОКТМО)/,
        );
      }
    });
  });

  describe('municipalities, organizations and internship sites', () => {
    it('registers and updates a municipality, naming a bad ОКТМО', async () => {
      expect(await send(admin, 'POST', '/municipalities', togliatti)).toMatchObject({ status: 201 });
      expect(await send(admin, 'POST', '/municipalities', { ...togliatti, oktmo: '3674' })).toMatchObject({
        status: 400,
        body: { errors: ['oktmo: ожидается код ОКТМО из 8 цифр'] },
      });
      const renamed = { ...withoutId(togliatti, 'municipalityId'), name: 'г.о. Тольятти' };
      expect(await send(admin, 'PUT', `/municipalities/${togliatti.municipalityId}`, renamed)).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      expect(
        await send(
          admin,
          'PUT',
          `/municipalities/${togliatti.municipalityId}`,
          withoutId(togliatti, 'municipalityId'),
        ),
      ).toMatchObject({
        status: 200,
        body: { version: 2 },
      });
    });

    it('registers an organization only in a registered municipality of its region', async () => {
      const nowhere = { ...school, municipalityId: '3c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f' };
      expect(await send(admin, 'POST', '/organizations', nowhere)).toMatchObject({
        status: 422,
        body: { code: 'municipality-not-registered' },
      });
      expect(await send(admin, 'POST', '/organizations', school)).toMatchObject({
        status: 201,
        body: { version: 0 },
      });
      expect(await send(admin, 'POST', '/organizations', { ...school, inn: '12345' })).toMatchObject({
        status: 400,
        body: { errors: ['inn: ИНН организации состоит из 10 цифр'] },
      });
      const preschool = { ...withoutId(school, 'organizationId'), kind: 'preschool' };
      expect(await send(admin, 'PUT', `/organizations/${school.organizationId}`, preschool)).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      expect(await store.readStream(`organization-${school.organizationId}`)).toMatchObject([
        { type: 'catalog.OrganizationRegistered', data: school },
        { type: 'catalog.OrganizationUpdated', data: { ...school, kind: 'preschool' } },
      ]);
    });

    it('registers an internship site with its periods, refusing one that ends before it starts', async () => {
      const reversed = { ...site, periods: [{ startsOn: '2026-03-13', endsOn: '2026-03-02', places: 12 }] };
      expect(await send(admin, 'POST', '/internship-sites', reversed)).toMatchObject({
        status: 422,
        body: { code: 'internship-period-reversed' },
      });
      expect(
        await send(admin, 'POST', '/internship-sites', {
          ...site,
          periods: [{ startsOn: '2026-02-30', endsOn: '2026-03-02', places: 0 }],
        }),
      ).toMatchObject({
        status: 400,
        body: {
          errors: [
            'periods.0.startsOn: ожидается дата, например 2026-03-02',
            'periods.0.places: должно быть не меньше 1',
          ],
        },
      });
      const hosting = { ...site, programIds: [] };
      expect(await send(admin, 'POST', '/internship-sites', hosting)).toMatchObject({ status: 201 });
      const more = { ...withoutId(hosting, 'siteId'), periods: [site.periods[0]!] };
      expect(await send(admin, 'PUT', `/internship-sites/${site.siteId}`, more)).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      expect((await store.readStream(`internship-site-${site.siteId}`))[1]).toMatchObject({
        type: 'catalog.InternshipSiteUpdated',
        data: { ...hosting, periods: [site.periods[0]] },
      });
    });

    it('hosts on a site only programs the catalog holds, of the same region (422 naming the program)', async () => {
      // a draft of region 63, by a provider of 63
      const inn = '6317099990';
      const providerId = directoryId('provider', '63', inn);
      expect(
        await send(admin, 'POST', '/providers', { ...provider, providerId, inn, name: 'Центр «Эрудит»' }),
      ).toMatchObject({ status: 201 });
      const programId = directoryId('program', '63', `${inn}/ФИЗ-36`);
      const owner: Principal = {
        subject: 'erudit',
        role: 'provider',
        region: '63',
        organization: providerId,
      };
      const card = goldenExample('catalog.ProgramDrafted').data;
      expect(
        await send(owner, 'POST', `/providers/${providerId}/programs`, {
          ...withoutId(card, 'providerId'),
          programId,
        }),
      ).toMatchObject({ status: 201 });
      const of63 = { ...site, siteId: directoryId('internship-site', '63', '6320009991'), inn: '6320009991' };

      const unknown = '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21';
      expect(
        await send(admin, 'POST', '/internship-sites', { ...of63, programIds: [programId, unknown] }),
      ).toMatchObject({
        status: 422,
        body: { code: 'hosted-program-unknown', detail: expect.stringContaining(`program ${unknown}`) },
      });
      // region 24 (Красноярский край) with a municipality of its own
      const admin24: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
      const krasnoyarsk = {
        municipalityId: directoryId('municipality', '24', '04701000'),
        region: '24',
        name: 'городской округ Красноярск',
        kind: 'urban-district',
        oktmo: '04701000',
      };
      expect(await send(admin24, 'POST', '/municipalities', krasnoyarsk)).toMatchObject({ status: 201 });
      const of24 = {
        ...site,
        siteId: directoryId('internship-site', '24', '2466000001'),
        inn: '2466000001',
        region: '24',
        municipalityId: krasnoyarsk.municipalityId,
      };
      expect(
        await send(admin24, 'POST', '/internship-sites', { ...of24, programIds: [programId] }),
      ).toMatchObject({
        status: 422,
        body: {
          code: 'hosted-program-in-another-region',
          detail: expect.stringContaining(`program ${programId} belongs to region 63`),
        },
      });
      expect(await store.readStream(`internship-site-${of24.siteId}`)).toEqual([]);
      expect(await store.readStream(`internship-site-${of63.siteId}`)).toEqual([]);
      expect(
        await send(admin, 'POST', '/internship-sites', { ...of63, programIds: [programId] }),
      ).toMatchObject({
        status: 201,
      });
    });
  });

  describe('import from CSV', () => {
    const municipalities = [
      'oktmo;name;kind',
      '36701000;городской округ Самара;urban-district',
      '36740000;городской округ Тольятти;Городской округ',
      '36614000;муниципальный район Кинельский;Муниципальный район (округ)',
    ].join('\n');

    it('imports municipalities under ids derived from ОКТМО; the same file again changes nothing', async () => {
      const before = await events();
      const report = await importCsv('municipalities', municipalities);
      expect(report).toMatchObject({
        status: 'finished',
        kind: 'municipalities',
        region: '63',
        encoding: 'utf-8',
        separator: ';',
        totalRows: 3,
        processed: 3,
        // Тольятти is the entry registered by POST above: the ОКТМО's id is the same
        registered: 2,
        updated: 0,
        unchanged: 1,
        rejected: 0,
        rejections: [],
        startedBy: { id: 'admin-63', role: 'ministry-admin' },
      });
      expect(await events()).toBe(before + 2);
      const [samara] = await store.readStream(
        `municipality-${directoryId('municipality', '63', '36701000')}`,
      );
      expect(samara).toMatchObject({
        type: 'catalog.MunicipalityRegistered',
        data: { name: 'городской округ Самара', kind: 'urban-district', oktmo: '36701000', region: '63' },
        causationId: report['importId'],
      });

      const again = await importCsv(
        'municipalities',
        iconv.encode(municipalities.replaceAll(';', ','), 'win1251'),
      );
      expect(again).toMatchObject({
        encoding: 'windows-1251',
        separator: ',',
        registered: 0,
        unchanged: 3,
        rejected: 0,
      });
      expect(await events()).toBe(before + 2);
    });

    it('rejects exactly the bad rows of an organizations file, saying why in Russian, and imports the rest', async () => {
      const file = [
        'inn;name;kind;municipality_oktmo', // 1
        '6321000001;МБУ «Школа № 1»;school;36740000', // 2
        '12345;МБУ «Школа № 2»;school;36740000', // 3: short ИНН
        '6321000003;МБДОУ «Детский сад № 3»;ДОУ;36740000', // 4: kind by its abbreviation
        '6321000004;;school;36740000', // 5: no name
        '6321000005;МБУ «Школа № 5»;academy;36740000', // 6: unknown kind
        '6321000006;МБУ «Школа № 6»;school;99999999', // 7: municipality not in the directory
        '6321000001;МБУ «Школа № 1» (дубль);school;36740000', // 8: the ИНН of line 2 again
        '6321000009;"МБУ «Школа', // 9-10: a name on two lines
        '№ 9»";school;36740000',
        '6321000011;МБУ «Школа № 11»;school;3674', // 11: short ОКТМО
        '6321000012;МБУ «Школа № 12»;school', // 12: a cell short
        `6321000013;${'я'.repeat(501)};school;36740000`, // 13: too long
        '6321000014;МБУ «Школа № 14»;Общеобразовательная организация;36701000', // 14
      ].join('\n');
      const report = await importCsv('organizations', file);
      expect(report).toMatchObject({
        totalRows: 12,
        processed: 12,
        registered: 3,
        updated: 0,
        unchanged: 0,
        rejected: 9,
      });
      expect(report['rejections']).toEqual([
        expect.objectContaining({
          line: 3,
          column: 'inn',
          message: 'строка 3, столбец inn: ИНН "12345" должен состоять из 10 цифр',
        }),
        expect.objectContaining({
          line: 5,
          column: 'name',
          message: 'строка 5, столбец name: значение не должно быть пустым',
        }),
        expect.objectContaining({
          line: 6,
          column: 'kind',
          reason: expect.stringMatching(
            /^вид организации "academy" не из списка; укажите код или название: school \(Общеобразовательная организация\)/,
          ),
        }),
        expect.objectContaining({
          line: 7,
          column: 'municipality_oktmo',
          reason:
            'муниципалитет с ОКТМО 99999999 не найден в справочнике региона 63; сначала загрузите муниципалитеты',
        }),
        expect.objectContaining({
          line: 8,
          column: 'inn',
          reason: 'ИНН 6321000001 уже встречается в строке 2; строка не загружена',
        }),
        expect.objectContaining({
          line: 9,
          column: 'name',
          reason: 'значение должно быть одной строкой без табуляций',
        }),
        expect.objectContaining({
          line: 11,
          column: 'municipality_oktmo',
          reason: 'ОКТМО муниципалитета "3674" должен состоять из 8 цифр',
        }),
        expect.objectContaining({
          line: 12,
          column: null,
          reason: 'значений в строке 3, а столбцов в заголовке 4',
        }),
        expect.objectContaining({
          line: 13,
          column: 'name',
          reason: 'значение должно содержать не больше 500 символов, а содержит 501',
        }),
      ]);
      expect(
        await store.readStream(`organization-${directoryId('organization', '63', '6321000003')}`),
      ).toMatchObject([
        {
          data: {
            kind: 'preschool',
            inn: '6321000003',
            municipalityId: directoryId('municipality', '63', '36740000'),
          },
        },
      ]);

      // a corrected row is registered, a changed one updated, the rest unchanged
      const corrected = file
        .replace('12345;', '6321000002;')
        .replace('МБУ «Школа № 14»', 'МБОУ «Школа № 14»');
      const again = await importCsv('organizations', corrected);
      expect(again).toMatchObject({ registered: 1, updated: 1, unchanged: 2, rejected: 8 });
    });

    it('imports providers, naming a bad ownership', async () => {
      const providers = await importCsv(
        'providers',
        [
          'inn;name;kind;ownership',
          '6317010870;СИПКРО;dpo-institute;государственная',
          '631701087012;ИП Петров;Иная организация;private',
          '6317000000;Университет;university;казённая',
        ].join('\n'),
      );
      // СИПКРО is the entry registered by POST above, under the same id (its ИНН's): updated, not doubled
      expect(providers).toMatchObject({ registered: 1, updated: 1, rejected: 1 });
      expect(providers['rejections']).toEqual([
        expect.objectContaining({
          line: 4,
          column: 'ownership',
          reason: expect.stringMatching(/^форма собственности "казённая" не из списка/),
        }),
      ]);
    });

    it('drafts programs of registered providers under ids derived from the provider ИНН and the code', async () => {
      const file = [
        'provider_inn;code;title;annotation;kind;hours;format;target_positions;organization_types;subjects;competencies;voucher_eligible;practice_share',
        '6317010870;ФГ-36;Функциональная грамотность;"Для учителей.\nИтоговая работа — урок.";advanced-training;36;Смешанная;Учитель;school|ДОУ;physics|Химия;R/01;да;40',
        '6317010870;МАТ-16;Математика;;Повышение квалификации;8;distance;teacher;;mathematics;;нет;0',
        '7700000000;ИНФ-72;Информатика;;advanced-training;72;distance;teacher;;;;;0',
      ].join('\n');
      const report = await importCsv('programs', file);
      expect(report).toMatchObject({ registered: 1, rejected: 2 });
      expect(report['rejections']).toEqual([
        expect.objectContaining({
          line: 4,
          column: 'hours',
          reason: 'программе вида "Повышение квалификации" нужно не меньше 16 часов, указано 8',
        }),
        expect.objectContaining({
          line: 5,
          column: 'provider_inn',
          reason:
            'организатор с ИНН 7700000000 не найден в справочнике региона 63; сначала загрузите организаторов',
        }),
      ]);
      const programId = directoryId('program', '63', '6317010870/ФГ-36');
      expect(await store.readStream(`program-${programId}`)).toMatchObject([
        {
          type: 'catalog.ProgramDrafted',
          data: {
            programId,
            providerId: directoryId('provider', '63', '6317010870'),
            annotation: 'Для учителей.\nИтоговая работа — урок.',
            format: 'blended',
            targetPositions: ['teacher'],
            organizationTypes: ['school', 'preschool'],
            subjects: ['physics', 'chemistry'],
            voucherEligible: true,
            employerAssessment: false,
            practiceShare: 40,
          },
        },
      ]);
      expect(await importCsv('programs', file)).toMatchObject({ registered: 0, unchanged: 1, rejected: 2 });
    });

    it('imports internship sites hosting programs of the catalog, with programs and periods in list cells', async () => {
      const sites = await importCsv(
        'internship-sites',
        [
          'inn;name;municipality_oktmo;profile;programs;periods',
          '6320002223;ПАО «АвтоВАЗ»;36740000;Автомобилестроение;6317010870/ФГ-36;2026-03-02..2026-03-13:12|05.10.2026–16.10.2026:8',
          '6320002224;Завод;36740000;Металлургия;;2026-03-13..2026-03-02:5',
          '6320002225;Цех;36740000;Сварка;ФГ-36;весной',
          '6320002226;Депо;36740000;Ремонт;4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58;',
        ].join('\n'),
      );
      // the АвтоВАЗ site is the entry registered by POST above (its ИНН's id): the file updates it
      expect(sites).toMatchObject({ registered: 0, updated: 1, rejected: 3 });
      expect(sites['rejections']).toEqual([
        expect.objectContaining({
          line: 3,
          column: 'periods',
          reason: expect.stringMatching(/^период заканчивается раньше, чем начинается/),
        }),
        expect.objectContaining({
          line: 4,
          column: 'programs',
          reason: expect.stringMatching(/^программа "ФГ-36" не распознана/),
        }),
        expect.objectContaining({
          line: 4,
          column: 'periods',
          reason: expect.stringMatching(/^период "весной" не распознан/),
        }),
        expect.objectContaining({
          line: 5,
          column: 'programs',
          reason: expect.stringMatching(
            /^программа 4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58 не найдена в каталоге; сначала загрузите программы/,
          ),
        }),
      ]);
      expect(
        (await store.readStream(`internship-site-${directoryId('internship-site', '63', '6320002223')}`)).at(
          -1,
        ),
      ).toMatchObject({
        type: 'catalog.InternshipSiteUpdated',
        data: {
          programIds: [directoryId('program', '63', '6317010870/ФГ-36')],
          periods: [
            { startsOn: '2026-03-02', endsOn: '2026-03-13', places: 12 },
            { startsOn: '2026-10-05', endsOn: '2026-10-16', places: 8 },
          ],
        },
      });
    });

    it('refuses names that read otherwise than stored or show nothing; a formula-like name is kept as typed', async () => {
      const report = await importCsv(
        'municipalities',
        [
          'oktmo;name;kind',
          '36601000;\u202Eорага;municipal-district',
          '36602000;\u200B;municipal-district',
          "36603000;=cmd|' /C calc'!A0;municipal-district",
        ].join('\n'),
      );
      expect(report).toMatchObject({ registered: 1, rejected: 2 });
      expect(report['rejections']).toEqual([
        expect.objectContaining({
          line: 2,
          column: 'name',
          reason: expect.stringMatching(/^значение содержит символы управления направлением письма/),
        }),
        expect.objectContaining({
          line: 3,
          column: 'name',
          reason: 'значение состоит только из пробелов или невидимых символов',
        }),
      ]);
      expect(await store.readStream(`municipality-${directoryId('municipality', '63', '36601000')}`)).toEqual(
        [],
      );
    });

    it('refuses a file that is not a table of the directory whole, with 400 and nothing imported', async () => {
      const before = await events();
      expect(
        await send(admin, 'POST', '/imports/organizations?region=63', 'inn;name\n1;2', 'text/csv'),
      ).toMatchObject({
        status: 400,
        body: { detail: expect.stringMatching(/в заголовке нет столбцов kind, municipality_oktmo/) },
      });
      expect(
        await send(admin, 'POST', '/imports/schools?region=63', municipalities, 'text/csv'),
      ).toMatchObject({
        status: 404,
        body: { detail: expect.stringMatching(/^нет импорта "schools"; есть providers, municipalities/) },
      });
      expect(await send(admin, 'POST', '/imports/municipalities', municipalities, 'text/csv')).toMatchObject({
        status: 400,
        body: { errors: ['region: ожидается двузначный код региона, например 63'] },
      });
      expect(await send(admin, 'POST', '/imports/municipalities?region=63', { rows: [] })).toMatchObject({
        status: 415,
        body: { detail: expect.stringMatching(/принимает text\/csv, а не application\/json/) },
      });
      expect(await events()).toBe(before);
    });

    it('refuses a file over 20 MB with 413 saying so', async () => {
      const huge = `oktmo;name;kind\n${'36701000;городской округ Самара;urban-district\n'.repeat(400_000)}`;
      expect(Buffer.byteLength(huge)).toBeGreaterThan(20 * 1024 * 1024);
      expect(await send(admin, 'POST', '/imports/municipalities?region=63', huge, 'text/csv')).toMatchObject({
        status: 413,
        body: { detail: 'CSV-файл больше 20 МБ; разделите его на несколько импортов' },
      });
    });

    it('answers 404 for an import it does not know', async () => {
      expect(await send(admin, 'GET', '/imports/2f1e0d9c-8b7a-4654-9321-0fedcba98765')).toMatchObject({
        status: 404,
      });
    });

    it('lets the auditor of the region read the report', async () => {
      const report = await importCsv('municipalities', municipalities);
      expect(await send(auditor, 'GET', `/imports/${report['importId']}`)).toMatchObject({
        status: 200,
        body: { importId: report['importId'], unchanged: 3 },
      });
    });
  });

  describe('who may call what', () => {
    // entries of the matrix's own, registered before it: an admitted call sends the same record
    // again, so it is accepted and changes nothing, whatever order the cells run in
    const place = {
      ...togliatti,
      municipalityId: directoryId('municipality', '63', '36701000'),
      oktmo: '36701000',
      name: 'городской округ Самара',
    };
    const own = {
      provider: { ...provider, providerId: directoryId('provider', '63', '6317000001'), inn: '6317000001' },
      municipality: place,
      organization: {
        ...school,
        organizationId: directoryId('organization', '63', '6315000099'),
        inn: '6315000099',
        municipalityId: place.municipalityId,
      },
      site: {
        ...site,
        siteId: directoryId('internship-site', '63', '6315000098'),
        inn: '6315000098',
        municipalityId: place.municipalityId,
      },
    };
    const principals: Record<string, Principal> = {
      provider: { subject: 'p', role: 'provider', region: '63', organization: own.provider.providerId },
      expert: { subject: 'e', role: 'expert', region: '63' },
      teacher: { subject: 't', role: 'teacher', region: '63' },
      'municipal-operator': {
        subject: 'm',
        role: 'municipal-operator',
        region: '63',
        municipality: place.municipalityId,
      },
      'ministry-admin': admin,
      auditor,
    };
    const municipalitiesFile = 'oktmo;name;kind\n36701000;городской округ Самара;urban-district\n';
    let importId = '';
    beforeAll(async () => {
      importId = String((await importCsv('municipalities', municipalitiesFile))['importId']);
      for (const [path, body] of [
        ['/providers', own.provider],
        ['/organizations', own.organization],
        ['/internship-sites', own.site],
      ] as const) {
        expect((await send(admin, 'POST', path, body)).status).toBe(201);
      }
    });

    type Endpoint = [string, 'GET' | 'POST' | 'PUT', () => string, () => unknown, string];
    const json = 'application/json';
    const endpoints: Endpoint[] = [
      ['POST /providers', 'POST', () => '/providers', () => own.provider, json],
      [
        'PUT /providers/:id',
        'PUT',
        () => `/providers/${own.provider.providerId}`,
        () => withoutId(own.provider, 'providerId'),
        json,
      ],
      ['POST /municipalities', 'POST', () => '/municipalities', () => own.municipality, json],
      [
        'PUT /municipalities/:id',
        'PUT',
        () => `/municipalities/${place.municipalityId}`,
        () => withoutId(own.municipality, 'municipalityId'),
        json,
      ],
      ['POST /organizations', 'POST', () => '/organizations', () => own.organization, json],
      [
        'PUT /organizations/:id',
        'PUT',
        () => `/organizations/${own.organization.organizationId}`,
        () => withoutId(own.organization, 'organizationId'),
        json,
      ],
      ['POST /internship-sites', 'POST', () => '/internship-sites', () => own.site, json],
      [
        'PUT /internship-sites/:id',
        'PUT',
        () => `/internship-sites/${own.site.siteId}`,
        () => withoutId(own.site, 'siteId'),
        json,
      ],
      [
        'POST /imports/municipalities',
        'POST',
        () => '/imports/municipalities?region=63',
        () => municipalitiesFile,
        'text/csv',
      ],
      ['GET /imports/:id', 'GET', () => `/imports/${importId}`, () => undefined, json],
    ];
    const success: Record<string, number> = { POST: 201, PUT: 200, GET: 200 };
    const admitted = (endpoint: string, role: string) =>
      role === 'ministry-admin' || (role === 'auditor' && endpoint === 'GET /imports/:id');

    const cells = endpoints.flatMap((endpoint) =>
      Object.keys(principals).flatMap((role) =>
        ['63', '24'].map((region) => [endpoint[0], role, region, endpoint] as const),
      ),
    );
    it.each(cells)('%s as %s of region %s', async (name, role, region, [, method, path, body, type]) => {
      const principal = { ...principals[role]!, region };
      const answer = await send(principal, method, path(), body(), type);
      const expected =
        !admitted(name, role) || region !== '63'
          ? 403
          : name.startsWith('POST /imports')
            ? 202
            : success[method]!;
      expect({ status: answer.status, detail: answer.body['detail'] }).toEqual({
        status: expected,
        detail:
          expected !== 403
            ? undefined
            : expect.stringMatching(
                admitted(name, role)
                  ? /токен региона 24 не даёт доступа к региону 63/
                  : /^роли \S+ недоступен/,
              ),
      });
    });

    it.each(endpoints)('%s without a token answers 401', async (_name, method, path, body, type) => {
      expect((await send(undefined, method, path(), body(), type)).status).toBe(401);
    });
  });
});

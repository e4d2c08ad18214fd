import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal, type Role, ROLES } from '@pk/auth';
import { REGION_CODES } from '@pk/contracts';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type InMemoryService, publishedEvent, startInMemoryService } from '@pk/test-kit';
import { service } from '../service';

// Every role on every route of monitoring, cell by cell (a role a route does not admit is 403), then
// the scopes of the two roles issue 20 adds: the federal role (any region's totals, every region
// side by side, never a person's data nor one school's) and the school coordinator (their own
// school). Two regions: 63 with municipalities m1 (school o1: t1, t2) and m2 (school o2: t3), and
// 24 with m3 (school o3: t4). The arithmetic of each read is its own spec's; this one asks who
// gets what.

const region = '63';
const [m1, m2, m3, o1, o2, o3, t1, t2, t3, t4, voucherId] = Array.from({ length: 11 }, () => randomUUID());

const principalOf = (role: Role): Principal => {
  switch (role) {
    case 'municipal-operator':
      return { subject: 'op', role, region, municipality: m1 };
    case 'school-coordinator':
      return { subject: 'coord', role, region, organization: o1 };
    case 'provider':
      return { subject: 'prov', role, region, organization: o1 };
    case 'federal-analyst':
      return { subject: 'federal', role, region: ALL_REGIONS };
    default:
      return { subject: role, role, region };
  }
};
const federal = principalOf('federal-analyst');
const coordinator = principalOf('school-coordinator');
const operator = principalOf('municipal-operator');
const ministry = principalOf('ministry-admin');

// 13 routes × 9 roles, one request each: more than the default five seconds on a shared machine
jest.setTimeout(60_000);

describe('monitoring: every role on every route (in memory)', () => {
  let api: InMemoryService;
  let reportOfM1: string;

  beforeAll(async () => {
    api = await startInMemoryService(service);
    const municipality = (municipalityId: string, inRegion: string, name: string) =>
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId, region: inRegion, name },
        { subject: `municipality-${municipalityId}` },
      );
    const school = (organizationId: string, inRegion: string, municipalityId: string) =>
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId, region: inRegion, municipalityId },
        { subject: `organization-${organizationId}` },
      );
    const teacher = (teacherId: string, inRegion: string, organizationId: string, municipalityId: string) =>
      publishedEvent(
        'diagnostics.TeacherRegistered',
        {
          teacherId,
          region: inRegion,
          organizationId,
          municipalityId,
          category: 'none',
          categorySince: null,
        },
        { subject: `teacher-${teacherId}` },
      );
    const offeringId = randomUUID();
    const confirmed = (teacherId: string, organizationId: string, position: number) =>
      publishedEvent(
        'enrollment.EnrollmentConfirmed',
        {
          applicationId: randomUUID(),
          teacherId,
          region,
          organizationId,
          offeringId,
          providerId: randomUUID(),
          programId: randomUUID(),
        },
        { subject: `group-${offeringId}`, position, time: '2026-03-01T09:00:00.000Z' },
      );
    api.publish(
      municipality(m1, region, 'Алексеевский'),
      municipality(m2, region, 'Безенчукский'),
      municipality(m3, '24', 'Ирбейский район'),
      school(o1, region, m1),
      school(o2, region, m2),
      school(o3, '24', m3),
      teacher(t1, region, o1, m1),
      teacher(t2, region, o1, m1),
      teacher(t3, region, o2, m2),
      teacher(t4, '24', o3, m3),
      publishedEvent(
        'diagnostics.DeficitFound',
        { teacherId: t1, region, organizationId: o1, municipalityId: m1, competency: 'R/01' },
        { subject: `profile-${t1}`, time: '2026-01-20T10:00:00.000Z' },
      ),
      confirmed(t1, o1, 0),
      confirmed(t3, o2, 1),
      confirmed(t3, o2, 2),
      publishedEvent(
        'vouchers.VoucherIssued',
        {
          voucherId,
          teacherId: t1,
          region,
          year: 2026,
          municipalityId: m1,
          organizationId: o1,
          amount: 14_400,
        },
        { subject: `voucher-${voucherId}` },
      ),
    );
    const issued = await api.as(ministry).post<{ reportId: string }>('/reports', {
      year: 2026,
      municipalityId: m1,
    });
    expect(issued.status).toBe(201);
    reportOfM1 = issued.body.reportId;
  });
  afterAll(() => api.close());

  type Route = {
    /** As the OpenAPI document names it. */
    readonly operation: string;
    readonly method: 'get' | 'post' | 'put';
    readonly path: () => string;
    readonly body?: object;
    /** The roles the route admits here, and what each gets. */
    readonly admits: Partial<Record<Role, number>>;
  };
  const region63 = { 'ministry-admin': 200, auditor: 200 } as const;
  const routes: Route[] = [
    {
      operation: 'GET /statistics/catalog',
      method: 'get',
      path: () => '/statistics/catalog?region=63',
      admits: { ...region63, 'municipal-operator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /statistics/figures',
      method: 'get',
      path: () => '/statistics/figures?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /statistics/activity',
      method: 'get',
      path: () => '/statistics/activity?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200, 'school-coordinator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /statistics/school',
      method: 'get',
      path: () => `/statistics/school?year=2026&region=63&organizationId=${o1}`,
      admits: { ...region63, 'municipal-operator': 200, 'school-coordinator': 200 },
    },
    {
      operation: 'GET /statistics/regions',
      method: 'get',
      path: () => '/statistics/regions?year=2026',
      admits: { 'federal-analyst': 200 },
    },
    {
      operation: 'GET /statistics/impact',
      method: 'get',
      // the provider's own organization, as a provider's token reads it
      path: () => `/statistics/impact?year=2026&region=63&providerId=${o1}`,
      admits: { ...region63, provider: 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /indicators/samara',
      method: 'get',
      path: () => '/indicators/samara?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /indicators/samara/municipalities',
      method: 'get',
      path: () => '/indicators/samara/municipalities?year=2026&indicator=teachers-with-deficits&region=63',
      admits: { ...region63, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /indicators/goals',
      method: 'get',
      path: () => '/indicators/goals?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'GET /indicators/irbey',
      method: 'get',
      path: () => '/indicators/irbey?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200, 'federal-analyst': 200 },
    },
    {
      operation: 'PUT /indicators/irbey/{municipalityId}/{year}/criteria/{criterionId}',
      method: 'put',
      path: () => `/indicators/irbey/${m1}/2026/criteria/1`,
      body: { met: true, comment: 'Информация о программах размещена на сайте ММЦ' },
      admits: { 'ministry-admin': 200, 'municipal-operator': 200 },
    },
    {
      operation: 'POST /reports',
      method: 'post',
      path: () => '/reports',
      body: { year: 2026, municipalityId: m1 },
      admits: { 'ministry-admin': 201, 'municipal-operator': 201 },
    },
    {
      operation: 'GET /reports',
      method: 'get',
      path: () => '/reports?year=2026&region=63',
      admits: { ...region63, 'municipal-operator': 200 },
    },
    {
      operation: 'GET /reports/{file}',
      method: 'get',
      path: () => `/reports/${reportOfM1}.csv`,
      admits: { ...region63, 'municipal-operator': 200 },
    },
  ];

  it('answers each role on each route: 403 unless admitted', async () => {
    const expected: string[] = [];
    const answered: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const client = api.as(principalOf(role));
        const answer =
          route.method === 'get'
            ? await client.get(route.path())
            : await client[route.method](route.path(), route.body);
        answered.push(`${route.operation}: ${role}: ${answer.status}`);
        expected.push(`${route.operation}: ${role}: ${route.admits[role] ?? 403}`);
      }
    }
    expect(answered).toEqual(expected);
  });

  it('covers every route of the service', () => {
    const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // the kit's own routes (health, rebuilds, dead letters, the schedule) have matrices of their own
    const own = operations
      .filter((o) => !/ \/(health|metrics|openapi|projections|reactions|schedule)/.test(o))
      .sort();
    expect(own).toEqual(routes.map((r) => r.operation).sort());
  });

  describe('the federal role', () => {
    it('reads any region it names, and must name one', async () => {
      const figures = await api.as(federal).get('/statistics/figures?year=2026&region=24');
      expect(figures).toMatchObject({ status: 200, body: { region: '24', territory: { teachers: 1 } } });
      const unnamed = await api.as(federal).get('/statistics/figures?year=2026');
      expect(unnamed.status).toBe(400);
      expect(unnamed.body).toMatchObject({ code: 'region-required' });
      expect(JSON.stringify(unnamed.body)).toMatch(/region: укажите регион/);
    });

    it('reads every region side by side: one row per region with data, as its own reads answer', async () => {
      const answer = await api.as(federal).get<{
        regions: { region: string; name: string; figures: { territory: { teachers: number } } }[];
        regionsWithoutData: number;
      }>('/statistics/regions?year=2026');
      expect(answer.status).toBe(200);
      expect(answer.body.regions.map(({ region: code, name }) => [code, name])).toEqual([
        ['24', 'Красноярский край'],
        ['63', 'Самарская область'],
      ]);
      expect(answer.body.regionsWithoutData).toBe(REGION_CODES.length - 2);
      const own = await api.as(ministry).get('/statistics/figures?year=2026');
      const samara = await api.as(ministry).get<{ indicators: unknown[] }>('/indicators/samara?year=2026');
      expect(answer.body.regions[1]).toEqual({
        region: '63',
        name: 'Самарская область',
        figures: own.body,
        indicators: samara.body.indicators,
      });
    });

    it('reads the Irbey answers and scores without who recorded a row and why', async () => {
      await api
        .as(operator)
        .put(`/indicators/irbey/${m1}/2026/criteria/1`, { met: true, comment: 'Размещено на сайте' });
      type Irbey = {
        municipalities: {
          municipalityId: string;
          total: { score: number };
          rows: { id: string; current: { met: boolean | null; recorded: unknown } }[];
        }[];
      };
      const rowOne = (body: Irbey) => {
        const m = body.municipalities.find((municipality) => municipality.municipalityId === m1)!;
        return { score: m.total.score, row: m.rows.find((row) => row.id === '1')!.current };
      };
      const asMinistry = rowOne((await api.as(ministry).get<Irbey>('/indicators/irbey?year=2026')).body);
      const asFederal = rowOne(
        (await api.as(federal).get<Irbey>('/indicators/irbey?year=2026&region=63')).body,
      );
      expect(asMinistry.row).toMatchObject({
        met: true,
        recorded: { by: 'op', comment: 'Размещено на сайте' },
      });
      expect(asFederal).toEqual({ score: asMinistry.score, row: { ...asMinistry.row, recorded: null } });
    });

    it('never reads one school', async () => {
      const activity = await api
        .as(federal)
        .get(`/statistics/activity?year=2026&region=63&organizationId=${o1}`);
      expect(activity.status).toBe(403);
      expect(JSON.stringify(activity.body)).toMatch(/organizationId: федеральной роли доступны итоги/);
    });
  });

  describe('the school coordinator', () => {
    it('reads their own school by default: its teachers, vouchers and enrollments', async () => {
      const figures = await api.as(coordinator).get('/statistics/school?year=2026');
      expect(figures).toMatchObject({
        status: 200,
        // o1: t1 and t2; t1's voucher; t1's enrollment
        body: {
          organizationId: o1,
          municipalityId: m1,
          teachers: 2,
          vouchers: { issued: 1, issuedAmount: 14_400 },
          enrollments: { confirmed: 1 },
        },
      });
      const activity = await api.as(coordinator).get('/statistics/activity?year=2026');
      expect(activity.body).toMatchObject({
        organizationId: o1,
        enrollments: { confirmed: 1 },
        vouchers: null,
      });
    });

    it('is refused another school, with the reason in Russian', async () => {
      for (const path of [
        `/statistics/school?year=2026&organizationId=${o2}`,
        `/statistics/activity?year=2026&organizationId=${o2}`,
      ]) {
        const answer = await api.as(coordinator).get(path);
        expect(answer.status).toBe(403);
        expect(JSON.stringify(answer.body)).toMatch(/не даёт доступа к organization/);
      }
    });

    it('lets the region read any school and a municipal operator the schools of their municipality', async () => {
      expect(
        (await api.as(ministry).get(`/statistics/school?year=2026&organizationId=${o2}`)).body,
      ).toMatchObject({ teachers: 1, enrollments: { confirmed: 2 } });
      expect((await api.as(operator).get(`/statistics/school?year=2026&organizationId=${o1}`)).status).toBe(
        200,
      );
      expect((await api.as(operator).get(`/statistics/school?year=2026&organizationId=${o2}`)).status).toBe(
        403,
      );
      // a school of another region is not the ministry's to read, nor to learn of
      expect((await api.as(ministry).get(`/statistics/school?year=2026&organizationId=${o3}`)).status).toBe(
        404,
      );
      const unnamed = await api.as(ministry).get('/statistics/school?year=2026');
      expect(unnamed.status).toBe(400);
      expect(unnamed.body).toMatchObject({ code: 'organization-required' });
    });
  });
});

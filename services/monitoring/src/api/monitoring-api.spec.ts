import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal, ROLES, type Role } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService } from '@pk/test-kit';
import { service } from '../service';

// Monitoring's reads in memory, fed the public events the topics carry: who may read what (the
// role × endpoint matrix), the scope each role gets, and the indicators of a small case per
// municipality. The same case on real servers is monitoring-api.int.spec.ts.

describe('monitoring API (in memory)', () => {
  let api: InMemoryService;
  const [m1, m2, o1, o2, t1, t2, t3, programId, voucherId] = Array.from({ length: 9 }, () => randomUUID());

  const attached: Record<Role, Principal> = Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        subject: `${role}-1`,
        role,
        region: role === 'federal-analyst' ? ALL_REGIONS : '63',
        ...(role === 'municipal-operator' ? { municipality: m1 } : {}),
        ...(role === 'school-coordinator' || role === 'provider' ? { organization: o1 } : {}),
      },
    ]),
  ) as Record<Role, Principal>;
  const ministry = attached['ministry-admin'];
  const operator = attached['municipal-operator'];

  beforeAll(async () => {
    api = await startInMemoryService(service);
    const teacher = (teacherId: string, organizationId: string, municipalityId: string) =>
      publishedEvent(
        'diagnostics.TeacherRegistered',
        { teacherId, region: '63', organizationId, municipalityId, category: 'none', categorySince: null },
        { subject: `teacher-${teacherId}` },
      );
    api.publish(
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: m1, region: '63', name: 'Алексеевский' },
        { subject: `municipality-${m1}` },
      ),
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: m2, region: '63', name: 'Безенчукский' },
        { subject: `municipality-${m2}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: o1, region: '63', municipalityId: m1 },
        { subject: `organization-${o1}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: o2, region: '63', municipalityId: m2 },
        { subject: `organization-${o2}` },
      ),
      teacher(t1, o1, m1),
      teacher(t2, o1, m1),
      teacher(t3, o2, m2),
      publishedEvent(
        'diagnostics.DeficitFound',
        { teacherId: t1, region: '63', organizationId: o1, municipalityId: m1, competency: 'R/01' },
        { subject: `profile-${t1}`, time: '2026-01-20T10:00:00.000Z' },
      ),
      publishedEvent(
        'catalog.ProgramApproved',
        { programId, region: '63', competencies: ['R/01'] },
        { subject: `program-${programId}`, position: 3 },
      ),
      publishedEvent(
        'diagnostics.TrajectoryProposed',
        { teacherId: t1, region: '63', organizationId: o1, year: 2026 },
        { subject: `trajectory-${t1}-2026` },
      ),
      publishedEvent(
        'enrollment.CourseCompleted',
        {
          enrollmentId: randomUUID(),
          teacherId: t1,
          region: '63',
          organizationId: o1,
          programId,
          kind: 'advanced-training',
          completedOn: '2026-05-10',
        },
        { subject: `enrollment-${randomUUID()}`, position: 5 },
      ),
      publishedEvent(
        'vouchers.VoucherIssued',
        {
          voucherId,
          teacherId: t1,
          region: '63',
          year: 2026,
          municipalityId: m1,
          organizationId: o1,
          amount: 14_400,
        },
        { subject: `voucher-${voucherId}` },
      ),
      publishedEvent(
        'vouchers.BlockReserved',
        { voucherId, teacherId: t1, region: '63', year: 2026, block: 1, amount: 7_200 },
        { subject: `voucher-${voucherId}`, position: 1 },
      ),
    );
  });
  afterAll(() => api.close());

  // the region named, as the federal role must name it (its token names every region)
  const endpoints = {
    figures: '/statistics/figures?year=2026&region=63',
    samara: '/indicators/samara?year=2026&region=63',
    municipalities: '/indicators/samara/municipalities?year=2026&indicator=teachers-with-deficits&region=63',
  } as const;
  const admitted: Record<keyof typeof endpoints, readonly Role[]> = {
    figures: ['ministry-admin', 'auditor', 'municipal-operator', 'federal-analyst'],
    samara: ['ministry-admin', 'auditor', 'municipal-operator', 'federal-analyst'],
    municipalities: ['ministry-admin', 'auditor', 'federal-analyst'],
  };

  it.each(Object.keys(endpoints) as (keyof typeof endpoints)[])(
    '%s admits exactly its roles',
    async (endpoint) => {
      const statuses = Object.fromEntries(
        await Promise.all(
          ROLES.map(
            async (role) => [role, (await api.as(attached[role]).get(endpoints[endpoint])).status] as const,
          ),
        ),
      );
      const expected = Object.fromEntries(
        ROLES.map((role) => [role, admitted[endpoint].includes(role) ? 200 : 403]),
      );
      expect(statuses).toEqual(expected);
      expect((await api.anonymous.get(endpoints[endpoint])).status).toBe(401);
    },
  );

  it('keeps a municipal operator to their own municipality and the ministry to its region', async () => {
    expect((await api.as(operator).get(`/indicators/samara?year=2026&municipalityId=${m2}`)).status).toBe(
      403,
    );
    expect((await api.as(operator).get(`/statistics/figures?year=2026&municipalityId=${m2}`)).status).toBe(
      403,
    );
    expect((await api.as(operator).get(`/indicators/samara?year=2026&municipalityId=${m1}`)).status).toBe(
      200,
    );
    expect((await api.as(ministry).get('/indicators/samara?year=2026&region=24')).status).toBe(403);
    // none named: the operator's own municipality, the ministry's whole region
    expect((await api.as(operator).get('/indicators/samara?year=2026')).body).toMatchObject({
      municipalityId: m1,
    });
    expect((await api.as(ministry).get('/indicators/samara?year=2026')).body).toMatchObject({
      municipalityId: null,
    });
  });

  it('refuses a bad year or indicator with the field named in Russian', async () => {
    const badYear = await api.as(ministry).get('/indicators/samara?year=1999');
    expect(badYear.status).toBe(400);
    expect(badYear.body).toMatchObject({ code: 'invalid-request' });
    expect(JSON.stringify(badYear.body)).toMatch(/year/);
    const badIndicator = await api
      .as(ministry)
      .get('/indicators/samara/municipalities?year=2026&indicator=nope');
    expect(badIndicator.status).toBe(400);
    expect(JSON.stringify(badIndicator.body)).toMatch(/indicator/);
  });

  type Indicators = {
    indicators: {
      id: string;
      current: { numerator: number; denominator: number; percent: number | null; noData: string | null };
    }[];
  };
  const indicator = (body: Indicators, id: string) => body.indicators.find((i) => i.id === id)!.current;

  it('computes the indicators of each municipality and of the region from the events', async () => {
    const own = (await api.as(operator).get<Indicators>('/indicators/samara?year=2026')).body;
    // M1: T1 of T1, T2 has a deficit (R/01), a trajectory and a course of P (R/01): 1 of 2 each
    expect(indicator(own, 'teachers-with-deficits')).toMatchObject({
      numerator: 1,
      denominator: 2,
      percent: 50,
    });
    expect(indicator(own, 'teachers-with-trajectories')).toMatchObject({
      numerator: 1,
      denominator: 2,
      percent: 50,
    });
    expect(indicator(own, 'teachers-trained-on-deficits')).toMatchObject({
      numerator: 1,
      denominator: 2,
      percent: 50,
    });
    expect(indicator(own, 'deficit-competencies-covered')).toMatchObject({
      numerator: 1,
      denominator: 1,
      percent: 100,
    });

    const other = (
      await api.as(ministry).get<Indicators>(`/indicators/samara?year=2026&municipalityId=${m2}`)
    ).body;
    // M2: T3 alone, no deficit: 0 of 1; no deficit competency, so coverage has no data
    expect(indicator(other, 'teachers-with-deficits')).toMatchObject({
      numerator: 0,
      denominator: 1,
      percent: 0,
    });
    expect(indicator(other, 'deficit-competencies-covered')).toMatchObject({
      denominator: 0,
      percent: null,
      noData: expect.any(String),
    });

    const region = (await api.as(ministry).get<Indicators>('/indicators/samara?year=2026')).body;
    expect(indicator(region, 'teachers-with-deficits')).toMatchObject({
      numerator: 1,
      denominator: 3,
      percent: 33.3,
    });
  });

  it('lists one indicator per municipality, sorted and paged', async () => {
    const first = await api.as(ministry).get<{
      items: { name: string; indicator: { current: { percent: number } } }[];
      next: string | null;
      total: number;
    }>(`${endpoints.municipalities}&limit=1`);
    expect(first.body).toMatchObject({
      total: 2,
      next: m1,
      items: [{ name: 'Алексеевский', indicator: { current: { percent: 50 } } }],
    });
    const second = await api.as(ministry).get(`${endpoints.municipalities}&limit=1&after=${m1}`);
    expect(second.body).toMatchObject({ next: null, items: [{ name: 'Безенчукский' }] });
    const unknown = await api.as(ministry).get(`${endpoints.municipalities}&after=${randomUUID()}`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/after/);
    const ascending = await api
      .as(ministry)
      .get<{ items: { name: string }[] }>(`${endpoints.municipalities}&order=asc`);
    expect(ascending.body.items.map((item) => item.name)).toEqual(['Безенчукский', 'Алексеевский']);
  });

  it('counts the region in figures for the operator’s municipality', async () => {
    const figures = await api.as(operator).get('/statistics/figures?year=2026');
    expect(figures.body).toMatchObject({
      municipalityId: m1,
      territory: { teachers: 2, organizations: 1 },
      enrollments: { completed: 1 },
      vouchers: {
        issued: 1,
        issuedAmount: 14_400,
        reservedBlocks: 1,
        reservedAmount: 7_200,
        redeemedBlocks: 0,
      },
    });
    const other = await api.as(ministry).get(`/statistics/figures?year=2026&municipalityId=${m2}`);
    expect(other.body).toMatchObject({
      territory: { teachers: 1, organizations: 1 },
      enrollments: { completed: 0 },
      vouchers: { issued: 0, reservedBlocks: 0 },
    });
  });
});

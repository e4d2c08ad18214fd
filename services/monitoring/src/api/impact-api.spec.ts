import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal, ROLES, type Role } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService } from '@pk/test-kit';
import { service } from '../service';

// GET /statistics/impact in memory, fed the public events: who may read it, a provider kept to its
// own programs, the refusals, and the share of a small case. The same on real servers is
// impact-api.int.spec.ts.

describe('evidence of impact API (in memory)', () => {
  let api: InMemoryService;
  const [providerV, providerW, programP, programQ, m1] = Array.from({ length: 5 }, () => randomUUID());
  const teachers = Array.from({ length: 6 }, () => randomUUID());

  const attached: Record<Role, Principal> = Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        subject: `${role}-1`,
        role,
        region: role === 'federal-analyst' ? ALL_REGIONS : '63',
        ...(role === 'municipal-operator' ? { municipality: m1 } : {}),
        ...(role === 'school-coordinator' || role === 'provider' ? { organization: providerV } : {}),
      },
    ]),
  ) as Record<Role, Principal>;
  const ministry = attached['ministry-admin'];
  const provider = attached.provider;

  const scored = (teacherId: string, time: string, deficit: boolean) => {
    const attemptId = randomUUID();
    return publishedEvent(
      'diagnostics.AttemptScored',
      {
        attemptId,
        teacherId,
        region: '63',
        scores: [{ competency: 'R/01', score: deficit ? 30 : 80, deficit }],
      },
      { subject: `attempt-${attemptId}`, time },
    );
  };
  const completed = (teacherId: string, programId: string, providerId: string) => {
    const enrollmentId = randomUUID();
    return publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId, teacherId, region: '63', programId, providerId, completedOn: '2026-03-10' },
      { subject: `group-${enrollmentId}` },
    );
  };

  beforeAll(async () => {
    api = await startInMemoryService(service);
    api.publish(
      publishedEvent(
        'catalog.ProgramApproved',
        { programId: programP, providerId: providerV, region: '63', competencies: ['R/01'] },
        { subject: `program-${programP}` },
      ),
      publishedEvent(
        'catalog.ProgramApproved',
        { programId: programQ, providerId: providerW, region: '63', competencies: ['R/01'] },
        { subject: `program-${programQ}` },
      ),
      // six teachers with a deficit in R/01 in January complete P in March; in May four of them
      // score without it and two still with it
      ...teachers.flatMap((teacherId, i) => [
        scored(teacherId, '2026-01-20T08:00:00.000Z', true),
        completed(teacherId, programP, providerV),
        scored(teacherId, '2026-05-01T08:00:00.000Z', i >= 4),
      ]),
      completed(teachers[5]!, programQ, providerW),
    );
  });

  afterAll(() => api?.close());

  it('admits the ministry and the auditor, and a provider for its own programs', async () => {
    const path = `/statistics/impact?year=2026&region=63&providerId=${providerV}`;
    const statuses = Object.fromEntries(
      await Promise.all(
        ROLES.map(async (role) => [role, (await api.as(attached[role]).get(path)).status] as const),
      ),
    );
    const admitted: Role[] = ['ministry-admin', 'auditor', 'provider', 'federal-analyst'];
    expect(statuses).toEqual(
      Object.fromEntries(ROLES.map((role) => [role, admitted.includes(role) ? 200 : 403])),
    );
    expect((await api.anonymous.get(path)).status).toBe(401);
  });

  it('keeps a provider to its own programs and the ministry to its region', async () => {
    expect((await api.as(provider).get(`/statistics/impact?year=2026&providerId=${providerW}`)).status).toBe(
      403,
    );
    const other = await api.as(provider).get(`/statistics/impact?year=2026&programId=${programQ}`);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'program-of-another-provider' });
    expect(
      (await api.as(ministry).get(`/statistics/impact?year=2026&region=24&providerId=${providerV}`)).status,
    ).toBe(403);
    // none named: the provider's own
    expect((await api.as(provider).get('/statistics/impact?year=2026')).body).toMatchObject({
      providerId: providerV,
    });
  });

  it('refuses what it cannot answer with the field named in Russian and a stable code', async () => {
    const neither = await api.as(ministry).get('/statistics/impact?year=2026');
    expect(neither.status).toBe(400);
    expect(neither.body).toMatchObject({ code: 'provider-or-program-required' });
    expect(neither.body.detail).toMatch(/^providerId: укажите/);
    const unknown = await api.as(ministry).get(`/statistics/impact?year=2026&programId=${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'program-not-found' });
    const badYear = await api.as(ministry).get(`/statistics/impact?year=1999&providerId=${providerV}`);
    expect(badYear.status).toBe(400);
    expect(JSON.stringify(badYear.body)).toMatch(/year/);
  });

  it('gives the share of completers whose deficit was resolved, and too few to say below the threshold', async () => {
    const ofV = await api.as(ministry).get(`/statistics/impact?year=2026&providerId=${providerV}`);
    expect(ofV.status).toBe(200);
    // 6 with a deficit, all rediagnosed; 4 resolved: 4 / 6 = 66.66… % → 66.7
    const six = {
      completers: 6,
      withDeficit: 6,
      awaiting: 0,
      denominator: 6,
      numerator: 4,
      percent: 66.7,
      tooFew: null,
    };
    expect(ofV.body).toMatchObject({ region: '63', year: 2026, providerId: providerV, total: six });
    expect(ofV.body.programs).toEqual([{ programId: programP, providerId: providerV, ...six }]);
    // Q: one teacher, whose deficit was found persisting in May → 1 < 5, no value
    const ofQ = await api
      .as(ministry)
      .get<{ total: { tooFew: string } }>(`/statistics/impact?year=2026&programId=${programQ}`);
    expect(ofQ.body.total).toMatchObject({ denominator: 1, numerator: 0, percent: null });
    expect(ofQ.body.total.tooFew).toMatch(/^слишком мало педагогов/);
    // another year: nobody completed, no value and not NaN
    const before = await api.as(ministry).get(`/statistics/impact?year=2025&providerId=${providerV}`);
    expect(before.body.total).toMatchObject({ completers: 0, denominator: 0, percent: null });
  });
});

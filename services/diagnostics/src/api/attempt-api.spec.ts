import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { InMemoryEventStore } from '@pk/kernel';
import { ServiceKit } from '@pk/service-runtime';
import { type ApiClient, type ServiceApi, startServiceApi, TestClock } from '@pk/test-kit';
import { BURNOUT_V1, PRESCHOOL_CORE_V1 } from '../domain/instruments';
import { answersFor } from '../../test/instruments.fixtures';
import { service } from '../service';
import { teacherRegistered } from '../../test/attempt.fixtures';

// Assessment's HTTP API on the in-memory kit: who may call what, and what each command appends.
// The same flow with the read model on FerretDB runs on PostgreSQL and Kafka in attempt-api.int.spec.ts.

type Method = 'GET' | 'POST';
const send = (client: ApiClient, method: Method, path: string, body?: unknown) =>
  method === 'GET' ? client.get(path) : client.post(path, body);

describe('assessment HTTP API', () => {
  const clock = new TestClock(new Date('2027-01-20T09:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
  let api: ServiceApi;

  const given = teacherRegistered({ region: '63' });
  const teacher = given.record;
  const other = teacherRegistered({ region: '63' }).record; // another teacher's token
  const preschool = teacherRegistered({
    region: '63',
    position: 'preschool-teacher',
    subjects: ['preschool-education'],
  });

  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const admin24: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
  const auditor: Principal = { subject: 'audit', role: 'auditor', region: '63' };
  const self: Principal = { subject: teacher.teacherId, role: 'teacher', region: '63' };
  const otherTeacher: Principal = { subject: other.teacherId, role: 'teacher', region: '63' };
  const operator: Principal = {
    subject: 'mo',
    role: 'municipal-operator',
    region: '63',
    municipality: teacher.municipalityId,
  };
  const farOperator: Principal = {
    subject: 'mo2',
    role: 'municipal-operator',
    region: '63',
    municipality: randomUUID(),
  };
  const coordinator: Principal = {
    subject: 'oo',
    role: 'school-coordinator',
    region: '63',
    organization: teacher.organizationId,
  };
  const farCoordinator: Principal = {
    subject: 'oo2',
    role: 'school-coordinator',
    region: '63',
    organization: randomUUID(),
  };
  const provider: Principal = { subject: 'p', role: 'provider', region: '63', organization: randomUUID() };
  const expert: Principal = { subject: 'e', role: 'expert', region: '63' };
  const operatorOfPlatform: Principal = { subject: 'ops', role: 'platform-operator', region: '63' };

  const campaignId = randomUUID();
  const monitoring = {
    campaignId,
    region: '63',
    kind: 'yearly-monitoring',
    year: 2026,
    opensOn: '2026-12-01',
    closesOn: '2027-05-31',
  };
  const handIn = (fields: Record<string, unknown> = {}) => ({
    attemptId: randomUUID(),
    teacherId: teacher.teacherId,
    region: '63',
    instrument: { id: 'teacher-core', version: 1 },
    campaignId,
    answers: answersFor(undefined, { 'R/01': 2, 'R/06': 2 }),
    ...fields,
  });
  const typesOf = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
  const profileEvents = (teacherId = teacher.teacherId) => store.readStream(`profile-${teacherId}`);

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })]);
    await store.append(given.streamId, [given.event], 'no-stream');
    await store.append(preschool.streamId, [preschool.event], 'no-stream');
    expect((await api.as(admin).post('/campaigns', monitoring)).status).toBe(201);
  });
  afterAll(() => api.close());

  it('scores an attempt, finds two deficits in the profile, and resolves one only by a later good score', async () => {
    const first = handIn();
    const answer = await api.as(self).post('/attempts', first);
    expect(answer).toMatchObject({
      status: 201,
      body: {
        attemptId: first.attemptId,
        scores: expect.arrayContaining([
          { competency: 'R/01', score: 33, deficit: true },
          { competency: 'R/06', score: 33, deficit: true },
          { competency: 'A/01.6', score: 100, deficit: false },
        ]),
      },
    });
    expect(await typesOf(`attempt-${first.attemptId}`)).toEqual(['diagnostics.AttemptScored']);
    const found = (await profileEvents()).filter((e) => e.type === 'diagnostics.DeficitFound');
    expect(found.map((e) => e.data)).toEqual([
      expect.objectContaining({ competency: 'R/01', foundBy: first.attemptId, source: 'monitoring' }),
      expect.objectContaining({ competency: 'R/06', foundBy: first.attemptId, source: 'monitoring' }),
    ]);

    // the same hand-in again (a retry) changes nothing
    expect((await api.as(self).post('/attempts', first)).status).toBe(201);
    expect(await typesOf(`attempt-${first.attemptId}`)).toHaveLength(1);
    expect(await profileEvents()).toHaveLength(3);

    // a day later, self-diagnostics with R/01 right: resolved; R/06 still wrong: not found twice
    clock.advance(86_400_000);
    const later = handIn({ campaignId: null, answers: answersFor(undefined, { 'R/06': 3 }) });
    expect((await api.as(self).post('/attempts', later)).status).toBe(201);
    expect(
      (await profileEvents()).slice(3).map((e) => [e.type, (e.data as { competency?: string }).competency]),
    ).toEqual([
      ['diagnostics.ProfileScoresRecorded', undefined],
      ['diagnostics.DeficitResolved', 'R/01'],
    ]);
  });

  it('refuses attempts the teacher may not take, each with its reason', async () => {
    const refusal = async (principal: Principal, body: unknown) => {
      const answer = await api.as(principal).post('/attempts', body);
      return [answer.status, answer.body.code ?? null];
    };
    expect(
      await refusal(
        self,
        handIn({
          instrument: { id: PRESCHOOL_CORE_V1.id, version: 1 },
          answers: answersFor(PRESCHOOL_CORE_V1),
        }),
      ),
    ).toEqual([422, 'instrument-not-for-position']);
    expect(await refusal(self, handIn({ campaignId: randomUUID() }))).toEqual([404, 'campaign-not-found']);
    expect(await refusal(self, handIn({ answers: answersFor().slice(2) }))).toEqual([
      422,
      'answers-incomplete',
    ]);
    expect(await refusal(self, handIn({ instrument: { id: 'teacher-core', version: 5 } }))).toEqual([
      404,
      'instrument-not-found',
    ]);
    const stranger = randomUUID();
    expect(await refusal({ ...self, subject: stranger }, handIn({ teacherId: stranger }))).toEqual([
      404,
      'teacher-not-found',
    ]);
    expect(await refusal(otherTeacher, handIn())).toEqual([403, 'forbidden']);
    expect(await refusal(admin, handIn())).toEqual([403, 'forbidden']);
    const invalid = await api.as(self).post('/attempts', handIn({ campaignId: 'nope' }));
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.errors)).toContain('campaignId');
  });

  it('takes attempts in a monitoring only while it is open', async () => {
    const closing = { ...monitoring, campaignId: randomUUID() };
    expect((await api.as(admin).post('/campaigns', closing)).status).toBe(201);
    expect(
      (await api.as(admin).post(`/campaigns/${closing.campaignId}/close`, { region: '63' })).status,
    ).toBe(200);
    const answer = await api.as(self).post('/attempts', handIn({ campaignId: closing.campaignId }));
    expect(answer).toMatchObject({ status: 422, body: { code: 'campaign-closed' } });
  });

  it('keeps burnout screening private: in the teacher’s own stream, seen by the teacher and the ministry only', async () => {
    const screening = handIn({
      instrument: { id: BURNOUT_V1.id, version: 1 },
      campaignId: null,
      answers: BURNOUT_V1.items.map((i) => ({ item: i.id, answer: i.reversed ? '1' : '3' })),
    });
    const answer = await api.as(self).post('/attempts', screening);
    expect(answer).toMatchObject({ status: 201, body: { burnout: { score: 75, level: 'high' } } });
    expect(await typesOf(`burnout-${teacher.teacherId}`)).toEqual(['diagnostics.BurnoutScreened']);
    expect(await store.readStream(`attempt-${screening.attemptId}`)).toEqual([]);
    expect(JSON.stringify(await profileEvents())).not.toContain(screening.attemptId);

    const path = `/teachers/${teacher.teacherId}/burnout`;
    for (const [principal, status] of [
      [self, 200],
      [admin, 200],
      [otherTeacher, 403],
      [auditor, 403],
      [coordinator, 403],
      [operator, 403],
    ] as const) {
      expect([principal.role, (await api.as(principal).get(path)).status]).toEqual([principal.role, status]);
    }
    expect((await api.as(self).get(path)).body).toMatchObject({
      screenings: [{ screeningId: screening.attemptId, level: 'high' }],
    });
    expect((await api.as(admin24).get(path)).status).toBe(404);
  });

  it('records outside results by the ministry, the teacher’s operator and coordinator only, into the profile', async () => {
    const result = (fields: Record<string, unknown> = {}) => ({
      resultId: randomUUID(),
      teacherId: teacher.teacherId,
      region: '63',
      source: 'federal-assessment',
      recordedOn: '2027-01-19',
      scores: [{ competency: 'B/04.6', score: 38 }],
      ...fields,
    });
    for (const [principal, status] of [
      [admin, 201],
      [operator, 201],
      [coordinator, 201],
      [farOperator, 404],
      [farCoordinator, 404],
      [self, 403],
      [auditor, 403],
      [provider, 403],
      [admin24, 403],
    ] as const) {
      const answer = await api.as(principal).post('/external-results', result());
      expect([principal.subject, answer.status]).toEqual([principal.subject, status]);
    }
    const found = (await profileEvents()).filter(
      (e) =>
        e.type === 'diagnostics.DeficitFound' && (e.data as { competency: string }).competency === 'B/04.6',
    );
    expect(found).toHaveLength(1); // three results, one deficit
    expect(found[0]!.data).toMatchObject({ source: 'federal-assessment' });
    const refused = await api
      .as(admin)
      .post('/external-results', result({ scores: [{ competency: 'B/01.5', score: 10 }] }));
    expect(refused).toMatchObject({ status: 422, body: { code: 'competency-not-in-framework' } });
    const invalid = await api.as(admin).post('/external-results', result({ source: 'gossip' }));
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.errors)).toContain('source');
  });

  it('lets only the ministry open and close campaigns, in its own region, in season', async () => {
    const campaign = { ...monitoring, campaignId: randomUUID() };
    for (const principal of [auditor, operator, coordinator, self]) {
      expect((await api.as(principal).post('/campaigns', campaign)).status).toBe(403);
    }
    expect((await api.as(admin24).post('/campaigns', campaign)).status).toBe(403);
    expect(await api.as(admin).post('/campaigns', { ...campaign, opensOn: '2027-01-10' })).toMatchObject({
      status: 422,
      body: { code: 'monitoring-outside-its-season' },
    });
    expect((await api.as(admin).post('/campaigns', campaign)).status).toBe(201);
    expect((await api.as(admin).post('/campaigns', campaign)).status).toBe(201); // the same again: nothing new
    expect(await typesOf(`campaign-${campaign.campaignId}`)).toEqual(['diagnostics.CampaignOpened']);
    expect(
      (await api.as(admin24).post(`/campaigns/${campaign.campaignId}/close`, { region: '24' })).status,
    ).toBe(404);
    expect((await api.as(admin).post('/campaigns', { ...campaign, year: 'soon' })).body.errors).toEqual(
      expect.arrayContaining([expect.stringContaining('year')]),
    );
  });

  // who may read what: [principal, method, path, status]
  const profile = `/teachers/${teacher.teacherId}/profile`;
  const map = (query: string) => `/statistics/deficits?region=63${query}`;
  const matrix: [string, Method, string, number, Principal | null][] = [
    ['teacher itself', 'GET', profile, 200, self],
    ['another teacher', 'GET', profile, 403, otherTeacher],
    ['ministry', 'GET', profile, 200, admin],
    ['ministry of another region', 'GET', profile, 404, admin24],
    ['auditor', 'GET', profile, 200, auditor],
    ['operator of its municipality', 'GET', profile, 200, operator],
    ['operator of another', 'GET', profile, 404, farOperator],
    ['coordinator of its school', 'GET', profile, 200, coordinator],
    ['coordinator of another', 'GET', profile, 404, farCoordinator],
    ['provider', 'GET', profile, 403, provider],
    ['expert', 'GET', profile, 403, expert],
    ['no token', 'GET', profile, 401, null],
    ['ministry: region map', 'GET', map(''), 200, admin],
    ['auditor: municipality map', 'GET', map(`&municipalityId=${teacher.municipalityId}`), 200, auditor],
    ['operator: own municipality', 'GET', map(`&municipalityId=${teacher.municipalityId}`), 200, operator],
    ['operator: another municipality', 'GET', map(`&municipalityId=${randomUUID()}`), 403, operator],
    ['operator: whole region', 'GET', map(''), 403, operator],
    ['coordinator: own school', 'GET', map(`&organizationId=${teacher.organizationId}`), 200, coordinator],
    ['coordinator: another school', 'GET', map(`&organizationId=${randomUUID()}`), 403, coordinator],
    ['teacher: map', 'GET', map(''), 403, self],
    ['ministry of another region: map', 'GET', map(''), 403, admin24],
    [
      'both filters',
      'GET',
      map(`&municipalityId=${randomUUID()}&organizationId=${randomUUID()}`),
      400,
      admin,
    ],
    ['framework for a teacher', 'GET', '/framework?position=teacher', 200, self],
    ['framework for a provider', 'GET', '/framework', 200, provider],
    ['framework for the platform operator', 'GET', '/framework', 403, operatorOfPlatform],
    ['framework of no position', 'GET', '/framework?position=pilot', 400, self],
    ['instruments for a preschool teacher', 'GET', '/instruments?position=preschool-teacher', 200, expert],
    ['campaigns of the region', 'GET', '/campaigns?region=63', 200, self],
    ['campaigns of another region', 'GET', '/campaigns?region=24', 403, self],
  ];
  it.each(matrix)('%s: %s %s answers %i', async (_who, method, path, status, principal) => {
    const client = principal ? api.as(principal) : api.anonymous;
    expect((await send(client, method, path)).status).toBe(status);
  });

  it('shows the framework by position in Russian, and forms without keys', async () => {
    const answer = await api
      .as(self)
      .get<{ version: string; positions: { competencies: { code: string; name: string }[] }[] }>(
        '/framework?position=preschool-teacher',
      );
    expect(answer.body.version).toBe('2026.1');
    expect(answer.body.positions[0]!.competencies.map((c) => c.code)).toContain('B/01.5');
    const forms = await api.as(self).get('/instruments?position=teacher');
    expect(JSON.stringify(forms.body)).toContain('teacher-core');
    expect(JSON.stringify(forms.body)).not.toContain('correct');
  });
});

import type { Principal } from '@pk/auth';
import { InMemoryEventStore } from '@pk/kernel';
import { PublishedEvents, ServiceKit } from '@pk/service-runtime';
import {
  providerRegistered,
  publishedEvent,
  type ServiceApi,
  startServiceApi,
  TestClock,
} from '@pk/test-kit';
import { service } from '../service';

// Programs and offerings over HTTP on the in-memory kit: the lifecycle, bad input, and who may do
// what. The same module runs on PostgreSQL, Kafka and FerretDB in program-api.int.spec.ts.
describe('programs HTTP API', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/catalog', clock });
  let api: ServiceApi;
  const providerId = '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11';
  const privateProviderId = '2c7d4e91-5a3b-4f68-9d1e-8b6a0c3f7e25';
  const provider = { subject: 'sipkro', role: 'provider', region: '63', organization: providerId } as const;
  const privateProvider = { ...provider, subject: 'ooo', organization: privateProviderId } as const;
  const card = {
    title: 'Формирование функциональной грамотности',
    annotation: 'Для учителей естественно-научного цикла.\nИтоговая работа — разработка урока.',
    kind: 'advanced-training',
    hours: 36,
    format: 'blended',
    targetPositions: ['teacher'],
    organizationTypes: ['school'],
    subjects: ['physics'],
    workProfile: '',
    competencies: ['R/01', 'A/01.6'],
    voucherEligible: true,
    employerAssessment: false,
    practiceShare: 40,
  };
  const newDraft = (fields: Record<string, unknown> = {}) => ({
    programId: crypto.randomUUID(),
    region: '63',
    ...card,
    ...fields,
  });
  const programs = `/providers/${providerId}/programs`;
  const streamOf = async (programId: string) =>
    (await store.readStream(`program-${programId}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startServiceApi('catalog', [ServiceKit.inMemory(service, { store, clock })]);
    await store.append(`provider-${providerId}`, [providerRegistered('63', providerId)], 'no-stream');
    const privately = providerRegistered('63', privateProviderId);
    await store.append(
      `provider-${privateProviderId}`,
      [{ ...privately, data: { ...(privately.data as object), ownership: 'private' } }],
      'no-stream',
    );
  });
  afterAll(() => api.close());

  it('drafts, edits and submits a program as revision 1, recording the provider as actor', async () => {
    const draft = newDraft();
    expect(await api.as(provider).post(programs, draft)).toMatchObject({ status: 201 });
    const edited = { ...card, hours: 48 };
    const put = await api.as(provider).put(`${programs}/${draft.programId}`, edited);
    expect(put).toMatchObject({
      status: 200,
    });
    expect(await api.as(provider).post(`${programs}/${draft.programId}/submission`)).toMatchObject({
      status: 201,
      body: { version: 2, programRevision: 1 },
    });
    const events = await store.readStream(`program-${draft.programId}`);
    expect(events.map((event) => event.type)).toEqual([
      'catalog.ProgramDrafted',
      'catalog.ProgramDraftEdited',
      'catalog.ProgramSubmitted',
    ]);
    expect(events[2]).toMatchObject({
      data: { programId: draft.programId, providerId, revision: 1, hours: 48 },
      actor: { id: 'sipkro', role: 'provider' },
    });
  });

  it('shows the provider a submitted revision waiting for experts, from expertise’s events, until experts are assigned', async () => {
    const draft = newDraft();
    await api.as(provider).post(programs, draft);
    await api.as(provider).post(`${programs}/${draft.programId}/submission`);
    const caseId = crypto.randomUUID();
    const onCase = (position: number) => ({ subject: `review-case-${caseId}`, position });
    const key = { caseId, programId: draft.programId, region: '63' };
    const listed = async () =>
      (
        await api
          .as(provider)
          .get<{ programs: { programId: string; waitingForExperts: boolean }[] }>(programs)
      ).body.programs.find((p) => p.programId === draft.programId);
    const published = api.app.get(PublishedEvents);
    published.publish(
      publishedEvent('expertise.ReviewCaseOpened', { ...key, providerId, revision: 1 }, onCase(0)),
      publishedEvent('expertise.ExpertAssigned', key, onCase(1)),
      publishedEvent('expertise.ReviewUnderstaffed', { ...key, assigned: 1, required: 2 }, onCase(2)),
    );
    expect(await listed()).toMatchObject({ status: 'submitted', waitingForExperts: true });
    published.publish(publishedEvent('expertise.ExpertAssigned', key, onCase(3)));
    expect(await listed()).toMatchObject({ status: 'submitted', waitingForExperts: false });
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ hours: 'много' }, /hours: должно быть целым числом/],
      [{ title: undefined }, /title/],
      [{ title: 'я'.repeat(1001) }, /title: должно содержать не больше 1000 символов/],
      [{ subjects: ['astrology'] }, /subjects: допустимые значения: /],
      [{ competencies: ['Z/99'] }, /competencies: допустимые значения: /],
      [{ format: 'unspecified' }, /format: допустимые значения: in-person, blended, distance, internship/],
      [{ practiceShare: 140 }, /practiceShare: должно быть не больше 100/],
      [{ extra: 1 }, /extra: такого поля нет/],
    ];
    for (const [fields, message] of cases) {
      const draft = newDraft(fields);
      const answer = await api.as(provider).post(programs, draft);
      expect({ fields, status: answer.status }).toEqual({ fields, status: 400 });
      expect(JSON.stringify(answer.body)).toMatch(message);
      expect(answer.body).toMatchObject({ code: 'invalid-request' });
      expect(await streamOf(draft.programId)).toEqual([]);
    }
  });

  it('answers a refused rule with 422 and its code: hours below the minimum, an incomplete card, a forbidden transition', async () => {
    const short = newDraft({ hours: 8 });
    expect(await api.as(provider).post(programs, short)).toMatchObject({
      status: 422,
      body: {
        code: 'program-hours-below-minimum',
        detail: 'программа повышения квалификации — не меньше 16 часов, указано 8',
      },
    });
    expect(await streamOf(short.programId)).toEqual([]);
    // a zero names the kind's minimum too, not a floor of 1 the DTO would otherwise invent
    for (const [kind, hours, said] of [
      ['advanced-training', 0, 'программа повышения квалификации — не меньше 16 часов, указано 0'],
      ['retraining', 0, 'программа профессиональной переподготовки — не меньше 250 часов, указано 0'],
    ] as const) {
      expect(await api.as(provider).post(programs, newDraft({ kind, hours }))).toMatchObject({
        status: 422,
        body: { code: 'program-hours-below-minimum', detail: said },
      });
    }

    const bare = newDraft({ annotation: '', competencies: [] });
    await api.as(provider).post(programs, bare);
    expect(await api.as(provider).post(`${programs}/${bare.programId}/submission`)).toMatchObject({
      status: 422,
      body: {
        code: 'program-incomplete',
        detail: expect.stringContaining('не заполнены поля: annotation, competencies'),
      },
    });

    const once = newDraft();
    await api.as(provider).post(programs, once);
    await api.as(provider).post(`${programs}/${once.programId}/submission`);
    expect(await api.as(provider).put(`${programs}/${once.programId}`, card)).toMatchObject({
      status: 422,
      body: { code: 'program-not-editable' },
    });
    expect(
      await api.as(provider).post(`${programs}/${once.programId}/archive`, { reason: 'нет' }),
    ).toMatchObject({
      status: 422,
      body: { code: 'program-under-review' },
    });
    expect(await streamOf(once.programId)).toEqual(['catalog.ProgramDrafted', 'catalog.ProgramSubmitted']);
  });

  it('refuses a private provider a program for school staff (the 2025 rule), and a program that does not exist with 404', async () => {
    const draft = newDraft();
    const own = `/providers/${privateProviderId}/programs`;
    expect(await api.as(privateProvider).post(own, draft)).toMatchObject({ status: 201 });
    expect(await api.as(privateProvider).post(`${own}/${draft.programId}/submission`)).toMatchObject({
      status: 422,
      body: { code: 'provider-not-admitted-for-general-education' },
    });
    expect(await api.as(provider).post(`${programs}/${crypto.randomUUID()}/submission`)).toMatchObject({
      status: 404,
      body: { code: 'program-not-found' },
    });
  });

  it('opens an offering only for an approved program, naming faults of the dates', async () => {
    const draft = newDraft();
    await api.as(provider).post(programs, draft);
    const offering = {
      offeringId: crypto.randomUUID(),
      programId: draft.programId,
      region: '63',
      startsOn: '2026-10-05',
      endsOn: '2026-10-16',
      enrollmentDeadline: '2026-09-28',
      online: true,
      place: '',
      capacity: 25,
      minimumGroupSize: 10,
    };
    const offerings = `/providers/${providerId}/offerings`;
    expect(await api.as(provider).post(offerings, offering)).toMatchObject({
      status: 422,
      body: { code: 'program-not-approved' },
    });
    expect(await api.as(provider).post(offerings, { ...offering, startsOn: '2026-13-01' })).toMatchObject({
      status: 400,
    });
    expect(await store.readStream(`offering-${offering.offeringId}`)).toEqual([]);
  });

  describe('who may do what', () => {
    const other = '7a2d9c14-4b3e-4f5a-8c6d-1e2f3a4b5c6d';
    const principals: Record<string, Principal> = {
      'provider (own)': provider,
      'provider (other organization)': { ...provider, subject: 'other', organization: other },
      'provider (other region)': { ...provider, region: '24' },
      expert: { subject: crypto.randomUUID(), role: 'expert', region: '63' },
      teacher: { subject: crypto.randomUUID(), role: 'teacher', region: '63' },
      'municipal-operator': { subject: 'mmc', role: 'municipal-operator', region: '63', municipality: other },
      'ministry-admin': { subject: 'admin-63', role: 'ministry-admin', region: '63' },
      'ministry-admin (other region)': { subject: 'admin-24', role: 'ministry-admin', region: '24' },
      auditor: { subject: 'audit', role: 'auditor', region: '63' },
    };
    // A provider's token for another region names the same organization, but nothing of that
    // region's programs is its: refused, as forbidden or as not found.
    const onlyOwn = { 'provider (own)': 'allowed', 'provider (other region)': 'refused' } as const;
    type Cell = 'allowed' | 'refused' | 403;
    // Each endpoint with the principals it admits; every other principal gets 403, no token 401.
    const endpoints: [string, string, (id: string) => string, object | undefined, Record<string, Cell>][] = [
      ['POST', 'draft', () => programs, undefined, onlyOwn],
      ['PUT', 'edit', (id) => `${programs}/${id}`, card, onlyOwn],
      ['POST', 'submit', (id) => `${programs}/${id}/submission`, undefined, onlyOwn],
      [
        'POST',
        'archive',
        (id) => `${programs}/${id}/archive`,
        { reason: 'Устарела' },
        { ...onlyOwn, 'ministry-admin': 'allowed', 'ministry-admin (other region)': 'refused' },
      ],
      [
        'POST',
        'open offering',
        () => `/providers/${providerId}/offerings`,
        {
          offeringId: crypto.randomUUID(),
          programId: crypto.randomUUID(),
          region: '63',
          startsOn: '2026-10-05',
          endsOn: '2026-10-16',
          enrollmentDeadline: '2026-09-28',
          online: true,
          place: '',
          capacity: 25,
          minimumGroupSize: 10,
        },
        onlyOwn,
      ],
      [
        'POST',
        'close offering',
        (id) => `/providers/${providerId}/offerings/${id}/close`,
        undefined,
        onlyOwn,
      ],
      [
        'POST',
        'cancel offering',
        (id) => `/providers/${providerId}/offerings/${id}/cancel`,
        { reason: 'Группа не набрана' },
        onlyOwn,
      ],
    ];
    const cells = endpoints.flatMap(([method, name, path, body, admits]) => [
      ...Object.keys(principals).map(
        (who) => [method, name, who, (admits[who] ?? 403) as Cell | 401, path, body] as const,
      ),
      [method, name, 'no token', 401 as const, path, body] as const,
    ]);

    it.each(cells)('%s %s as %s: %s', async (method, _name, who, expected, path, body) => {
      const programId = crypto.randomUUID();
      const client = who === 'no token' ? api.anonymous : api.as(principals[who]!);
      const payload = path(programId) === programs ? newDraft({ programId }) : body;
      const answer =
        method === 'PUT'
          ? await client.put(path(programId), payload)
          : await client.post(path(programId), payload);
      if (expected === 'allowed') expect([401, 403]).not.toContain(answer.status);
      else if (expected === 'refused') expect([403, 404]).toContain(answer.status);
      else expect(answer.status).toBe(expected);
    });
  });
});

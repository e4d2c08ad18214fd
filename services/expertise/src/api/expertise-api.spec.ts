import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import type { EventEnvelope, ProgramSubmitted } from '@pk/contracts';
import { Scheduler } from '@pk/kernel';
import {
  type ApiClient,
  publishedEvent,
  type ServiceApi,
  startInMemoryService,
  TestClock,
} from '@pk/test-kit';
import { caseIdOf } from '../application/reactions/open-review-case.reaction';
import { service } from '../service';
import { ReviewCaseReactions } from './review-case.controller';

// Expertise's HTTP API and reactions given/when/then on the in-memory kit: the review board is the
// service's projection kept in memory. The same flow runs on PostgreSQL, Kafka and FerretDB in
// expertise-api.int.spec.ts.

const CRITERIA = [
  'relevance',
  'practice-orientation',
  'planned-results',
  'assessment-materials',
  'staffing-and-resources',
];
const DAY = 86_400_000;

function submitted(fields: Partial<ProgramSubmitted['data']> = {}): ProgramSubmitted {
  const programId = fields.programId ?? randomUUID();
  return publishedEvent(
    'catalog.ProgramSubmitted',
    { ...fields, programId },
    { subject: `program-${programId}`, position: 2 },
  );
}

function send(client: ApiClient, method: string, path: string, body?: unknown) {
  if (method === 'GET') return client.get(path);
  return method === 'PUT' ? client.put(path, body) : client.post(path, body);
}

async function startApi() {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const api = await startInMemoryService(service, { clock });
  const { store } = api;
  const submit = (event: ProgramSubmitted) => api.app.get(ReviewCaseReactions).onProgramSubmitted(event);
  const caseEvents = async (event: ProgramSubmitted) =>
    (await store.readStream(`review-case-${caseIdOf(event.data.programId, event.data.revision)}`)).map(
      (e: EventEnvelope) => ({ type: e.type, data: e.data }),
    );
  return { clock, store, api, submit, caseEvents };
}

describe('expertise HTTP API', () => {
  let kit: Awaited<ReturnType<typeof startApi>>;
  let api: ServiceApi;
  const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
  const providerId = randomUUID();
  const provider = { subject: 'sipkro', role: 'provider', region: '63', organization: providerId } as const;
  const [physicist, chemist, colleague, biologist] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const expertToken = (expertId: string): Principal => ({ subject: expertId, role: 'expert', region: '63' });
  const register = (expertId: string, organizationId: string, subjects: string[]) =>
    api.as(admin).post('/experts', { expertId, region: '63', organizationId, subjects, competencies: [] });
  const scorecard = (expertId: string, values: number[], comment = '') => ({
    expertId,
    region: '63',
    criteriaSet: { id: 'program-review', version: 1 },
    scores: CRITERIA.map((criterion, i) => ({
      criterion,
      score: values[i],
      comment: i === 3 ? comment : '',
    })),
    summary: '',
  });

  beforeAll(async () => {
    kit = await startApi();
    api = kit.api;
    expect((await register(physicist, randomUUID(), ['physics'])).status).toBe(201);
    expect((await register(chemist, randomUUID(), ['chemistry'])).status).toBe(201);
    expect((await register(colleague, providerId, ['physics', 'chemistry'])).status).toBe(201); // provider's own
    expect((await register(biologist, randomUUID(), ['biology'])).status).toBe(201);
  });
  afterAll(() => api.close());

  it('opens a case for a submitted revision, assigns two matching experts without a conflict, and decides on their scorecards', async () => {
    const event = submitted({ providerId, subjects: ['physics', 'chemistry'], competencies: [] });
    await kit.submit(event);
    const caseId = caseIdOf(event.data.programId, 1);
    const key = { caseId, programId: event.data.programId, region: '63' };
    expect(await kit.caseEvents(event)).toEqual([
      { type: 'expertise.ReviewCaseOpened', data: expect.objectContaining({ ...key, reviewersRequired: 2 }) },
      {
        type: 'expertise.ExpertAssigned',
        data: { ...key, expertId: expect.any(String), dueBy: '2026-09-11T09:00:00.000Z' },
      },
      {
        type: 'expertise.ExpertAssigned',
        data: { ...key, expertId: expect.any(String), dueBy: '2026-09-11T09:00:00.000Z' },
      },
    ]);
    const assigned = (await kit.caseEvents(event))
      .slice(1)
      .map((e) => (e.data as { expertId: string }).expertId);
    expect(assigned.sort()).toEqual([physicist, chemist].sort());
    // the same event again (a redelivery) decides nothing more
    await kit.submit(event);
    expect(await kit.caseEvents(event)).toHaveLength(3);

    const queue = await api.as(expertToken(physicist)).get(`/experts/${physicist}/queue?region=63`);
    expect(queue).toMatchObject({
      status: 200,
      body: {
        assignments: [{ caseId, title: event.data.title, hours: 36, dueBy: '2026-09-11T09:00:00.000Z' }],
      },
    });

    expect(
      await api
        .as(expertToken(physicist))
        .post(
          `/review-cases/${caseId}/scorecards`,
          scorecard(physicist, [3, 2, 2, 1, 3], 'Нет критериев оценки'),
        ),
    ).toMatchObject({ status: 201 });
    // blind while open: the other expert sees its own assignment but not the colleague's scorecard;
    // an expert who is not on the case sees nothing of it
    const reviews = `/programs/${event.data.programId}/reviews?region=63`;
    const seenByChemist = await api.as(expertToken(chemist)).get<{
      cases: { assignments: { expertId: string; scorecard: unknown }[] }[];
    }>(reviews);
    expect(seenByChemist.status).toBe(200);
    expect(
      seenByChemist.body.cases[0]!.assignments.find((a) => a.expertId === physicist)?.scorecard,
    ).toBeNull();
    expect((await api.as(expertToken(biologist)).get(reviews)).status).toBe(404);
    expect(
      await api
        .as(expertToken(chemist))
        .post(`/review-cases/${caseId}/scorecards`, scorecard(chemist, [3, 3, 2, 2, 3])),
    ).toMatchObject({ status: 201 });
    expect((await kit.caseEvents(event)).at(-1)).toEqual({
      type: 'expertise.ReviewDecided',
      data: {
        ...key,
        providerId,
        revision: 1,
        outcome: 'returned',
        score: 0.8,
        comments: ['Оценочные материалы: Нет критериев оценки'],
      },
    });

    const history = await api
      .as(provider)
      .get<{ cases: object[] }>(
        `/programs/${event.data.programId}/reviews?region=63&organization=${providerId}`,
      );
    expect(history).toMatchObject({
      status: 200,
      body: {
        cases: [
          {
            caseId,
            revision: 1,
            status: 'decided',
            decision: { outcome: 'returned', score: 0.8 },
          },
        ],
      },
    });
    const statistics = await api.as(admin).get<{ providers: object[] }>('/statistics/council');
    expect(statistics.body.providers).toContainEqual({
      providerId,
      providerName: null, // the catalog's directory never named it in this spec
      understaffed: 0,
      opened: 1,
      decided: 1,
      approved: 0,
      returned: 1,
      rejected: 0,
      meanDurationDays: 0,
    });
    // the queue is empty once scored
    expect(
      (await api.as(expertToken(physicist)).get(`/experts/${physicist}/queue?region=63`)).body,
    ).toMatchObject({
      assignments: [],
    });
  });

  it('replaces an expert who declines, and one who misses the deadline, with the next least loaded; a deadline after a scorecard decides nothing', async () => {
    const event = submitted({ providerId, subjects: ['physics', 'chemistry', 'biology'], competencies: [] });
    await kit.submit(event);
    const caseId = caseIdOf(event.data.programId, 1);
    const first = (await kit.caseEvents(event))
      .slice(1)
      .map((e) => (e.data as { expertId: string }).expertId);
    expect(first).toHaveLength(2);
    const [decliner, scorer] = first as [string, string];

    const declined = await api.as(expertToken(decliner)).post(`/review-cases/${caseId}/decline`, {
      expertId: decliner,
      region: '63',
      comment: 'Соавтор программы',
    });
    expect(declined.status).toBe(200);
    const afterDecline = await kit.caseEvents(event);
    expect(afterDecline.slice(3)).toEqual([
      {
        type: 'expertise.AssignmentWithdrawn',
        data: expect.objectContaining({ expertId: decliner, reason: 'declined' }),
      },
      {
        type: 'expertise.ExpertAssigned',
        data: expect.objectContaining({ expertId: expect.not.stringMatching(decliner) }),
      },
    ]);
    const replacement = (afterDecline[4]!.data as { expertId: string }).expertId;
    expect([...first]).not.toContain(replacement);

    expect(
      (
        await api
          .as(expertToken(scorer))
          .post(`/review-cases/${caseId}/scorecards`, scorecard(scorer, [3, 3, 3, 3, 3]))
      ).status,
    ).toBe(201);
    kit.clock.advance(10 * DAY + 60_000);
    await kit.api.app.get(Scheduler).fireDue();
    const afterDeadline = (await kit.caseEvents(event)).slice(6);
    // all three deadlines fired: the scorer's and the decliner's decide nothing
    expect(afterDeadline.filter((e) => e.type === 'expertise.AssignmentWithdrawn')).toEqual([
      {
        type: 'expertise.AssignmentWithdrawn',
        data: expect.objectContaining({ expertId: replacement, reason: 'overdue' }),
      },
    ]);
    // nobody is left who was not on the case: understaffed, and the ministry may retry later
    expect(afterDeadline.at(-1)).toMatchObject({
      type: 'expertise.ReviewUnderstaffed',
      data: { assigned: 1, required: 2 },
    });
    // an expert joins the pool: the case is staffed by itself, and the ministry has nothing to retry
    const another = randomUUID();
    expect((await register(another, randomUUID(), ['biology'])).status).toBe(201);
    expect((await kit.caseEvents(event)).at(-1)).toMatchObject({
      type: 'expertise.ExpertAssigned',
      data: { expertId: another },
    });
    expect(await api.as(admin).post(`/review-cases/${caseId}/assign`, { region: '63' })).toMatchObject({
      status: 422,
      body: { code: 'review-case-staffed' },
    });
  });

  it('takes the region’s settings for new cases', async () => {
    const admin24 = { ...admin, subject: 'admin-24', region: '24' } as const;
    expect((await api.as(admin24).get('/review-settings/24')).body).toEqual({
      region: '24',
      reviewersRequired: 2,
      reviewDays: 10,
    });
    expect(
      (await api.as(admin24).put('/review-settings/24', { reviewersRequired: 3, reviewDays: 5 })).status,
    ).toBe(200);
    expect(
      await api.as(admin24).put('/review-settings/24', { reviewersRequired: 8, reviewDays: 5 }),
    ).toMatchObject({
      status: 400,
      body: { errors: [expect.stringMatching(/reviewersRequired/)] },
    });
    for (const subjects of [['physics'], ['physics'], ['physics']]) {
      await api.as(admin24).post('/experts', {
        expertId: randomUUID(),
        region: '24',
        organizationId: randomUUID(),
        subjects,
        competencies: [],
      });
    }
    const event = submitted({ region: '24', subjects: ['physics'], competencies: [] });
    await kit.submit(event);
    const events = await kit.caseEvents(event);
    expect(events[0]).toMatchObject({ data: { reviewersRequired: 3 } });
    expect(events.filter((e) => e.type === 'expertise.ExpertAssigned')).toHaveLength(3);
    const fiveDaysOn = new Date(kit.clock.now().getTime() + 5 * DAY).toISOString();
    expect(events[1]).toMatchObject({ data: { dueBy: fiveDaysOn } });
  });

  it('refuses unknown codes and criteria naming them, storing nothing', async () => {
    const expertId = randomUUID();
    const unknownSubject = await api.as(admin).post('/experts', {
      expertId,
      region: '63',
      organizationId: randomUUID(),
      subjects: ['astrology'],
      competencies: [],
    });
    expect(unknownSubject).toMatchObject({
      status: 422,
      body: { code: 'subject-unknown', detail: expect.stringMatching(/astrology/) },
    });
    const badShape = await api.as(admin).post('/experts', {
      expertId,
      region: '63',
      organizationId: randomUUID(),
      subjects: [],
      competencies: ['r01'],
    });
    expect(badShape).toMatchObject({
      status: 400,
      body: { errors: [expect.stringMatching(/competencies/)] },
    });
    expect(await kit.store.readStream(`expert-${expertId}`)).toEqual([]);

    const event = submitted({ subjects: ['biology'], competencies: [] });
    await kit.submit(event);
    const caseId = caseIdOf(event.data.programId, 1);
    const assignedTo = (await kit.caseEvents(event))
      .filter((e) => e.type === 'expertise.ExpertAssigned')
      .map((e) => (e.data as { expertId: string }).expertId)[0]!;
    const card = scorecard(assignedTo, [3, 3, 3, 3, 3]);
    const unknownCriterion = await api
      .as(expertToken(assignedTo))
      .post(`/review-cases/${caseId}/scorecards`, {
        ...card,
        scores: [...card.scores, { criterion: 'innovation', score: 3, comment: '' }],
      });
    expect(unknownCriterion).toMatchObject({
      status: 422,
      body: { code: 'criterion-unknown', detail: expect.stringMatching(/innovation/) },
    });
    const missing = await api
      .as(expertToken(assignedTo))
      .post(`/review-cases/${caseId}/scorecards`, { ...card, scores: card.scores.slice(1) });
    expect(missing).toMatchObject({
      status: 422,
      body: { code: 'criterion-missing', detail: expect.stringMatching(/relevance/) },
    });
    const outOfRange = await api.as(expertToken(assignedTo)).post(`/review-cases/${caseId}/scorecards`, {
      ...card,
      scores: card.scores.map((s) => ({ ...s, score: 4 })),
    });
    expect(outOfRange.status).toBe(400);
    expect((await kit.caseEvents(event)).filter((e) => e.type === 'expertise.ScorecardSubmitted')).toEqual(
      [],
    );
  });
});

describe('expertise access: every endpoint, every role, own and other region, organization and record', () => {
  let kit: Awaited<ReturnType<typeof startApi>>;
  const providerId = randomUUID();
  const otherOrg = randomUUID();
  const ownExpert = randomUUID();
  const otherExpert = randomUUID();
  const event = submitted({ providerId, subjects: ['physics'], competencies: [] });
  const caseId = caseIdOf(event.data.programId, 1);
  const programId = event.data.programId;

  const principals: Record<string, Principal> = {
    'provider (own organization)': {
      subject: 'p1',
      role: 'provider',
      region: '63',
      organization: providerId,
    },
    'provider (other organization)': {
      subject: 'p2',
      role: 'provider',
      region: '63',
      organization: otherOrg,
    },
    'provider (other region)': { subject: 'p3', role: 'provider', region: '24', organization: providerId },
    'expert (own record)': { subject: ownExpert, role: 'expert', region: '63' },
    'expert (other record)': { subject: otherExpert, role: 'expert', region: '63' },
    'expert (other region)': { subject: ownExpert, role: 'expert', region: '24' },
    teacher: { subject: 't1', role: 'teacher', region: '63' },
    'municipal-operator': {
      subject: 'm1',
      role: 'municipal-operator',
      region: '63',
      municipality: randomUUID(),
    },
    'municipal-operator (other region)': {
      subject: 'm2',
      role: 'municipal-operator',
      region: '24',
      municipality: randomUUID(),
    },
    'ministry-admin': { subject: 'a1', role: 'ministry-admin', region: '63' },
    'ministry-admin (other region)': { subject: 'a2', role: 'ministry-admin', region: '24' },
    auditor: { subject: 'au1', role: 'auditor', region: '63' },
    'auditor (other region)': { subject: 'au2', role: 'auditor', region: '24' },
  };
  const card = {
    expertId: ownExpert,
    region: '63',
    criteriaSet: { id: 'program-review', version: 1 },
    scores: CRITERIA.map((criterion) => ({ criterion, score: 3, comment: '' })),
    summary: '',
  };
  type Endpoint = {
    method: string;
    path: (p: Principal) => string;
    body?: unknown;
    allowed: string[];
  };
  const endpoints: Record<string, Endpoint> = {
    'POST /experts': {
      method: 'POST',
      path: () => '/experts',
      body: {
        expertId: randomUUID(),
        region: '63',
        organizationId: otherOrg,
        subjects: ['physics'],
        competencies: [],
      },
      allowed: ['ministry-admin'],
    },
    'POST /experts/:id/deactivate': {
      method: 'POST',
      path: () => `/experts/${otherExpert}/deactivate`,
      body: { region: '63' },
      allowed: ['ministry-admin'],
    },
    'POST /experts/:id/reactivate': {
      method: 'POST',
      path: () => `/experts/${otherExpert}/reactivate`,
      body: { region: '63' },
      allowed: ['ministry-admin'],
    },
    'GET /experts/:id/queue': {
      method: 'GET',
      path: () => `/experts/${ownExpert}/queue?region=63`,
      allowed: ['expert (own record)', 'ministry-admin', 'auditor'],
    },
    'PUT /review-settings/:region': {
      method: 'PUT',
      path: () => '/review-settings/63',
      body: { reviewersRequired: 2, reviewDays: 10 },
      allowed: ['ministry-admin'],
    },
    'GET /review-settings/:region': {
      method: 'GET',
      path: () => '/review-settings/63',
      allowed: ['ministry-admin', 'auditor'],
    },
    'POST /review-cases/:id/decline': {
      method: 'POST',
      path: () => `/review-cases/${caseId}/decline`,
      body: { expertId: ownExpert, region: '63', comment: 'Нет времени' },
      allowed: ['expert (own record)'],
    },
    'POST /review-cases/:id/scorecards': {
      method: 'POST',
      path: () => `/review-cases/${caseId}/scorecards`,
      body: card,
      allowed: ['expert (own record)'],
    },
    'POST /review-cases/:id/assign': {
      method: 'POST',
      path: () => `/review-cases/${caseId}/assign`,
      body: { region: '63' },
      allowed: ['ministry-admin'],
    },
    'GET /review-cases/understaffed': {
      method: 'GET',
      path: () => '/review-cases/understaffed?region=63',
      allowed: ['ministry-admin', 'auditor'],
    },
    'GET /programs/:id/reviews': {
      method: 'GET',
      // a provider names its own organization, as its client does
      path: (p) =>
        `/programs/${programId}/reviews?region=63${p.organization ? `&organization=${p.organization}` : ''}`,
      allowed: [
        'provider (own organization)',
        'expert (own record)',
        'expert (other record)',
        'ministry-admin',
        'auditor',
      ],
    },
    'GET /statistics/council': {
      method: 'GET',
      path: () => '/statistics/council?region=63',
      allowed: ['ministry-admin', 'auditor', 'municipal-operator'],
    },
  };

  beforeAll(async () => {
    kit = await startApi();
    const admin = principals['ministry-admin']!;
    for (const expertId of [ownExpert, otherExpert]) {
      await kit.api.as(admin).post('/experts', {
        expertId,
        region: '63',
        organizationId: otherOrg,
        subjects: ['physics'],
        competencies: [],
      });
    }
    await kit.submit(event);
  });
  afterAll(() => kit.api.close());

  const cells = Object.entries(endpoints).flatMap(([name, endpoint]) =>
    Object.keys(principals).map((who) => [name, who, endpoint.allowed.includes(who)] as const),
  );

  it.each(cells)('%s as %s: allowed %s', async (name, who, allowed) => {
    const endpoint = endpoints[name]!;
    const principal = principals[who]!;
    const answer = await send(
      kit.api.as(principal),
      endpoint.method,
      endpoint.path(principal),
      endpoint.body,
    );
    if (allowed) {
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: expect.any(Number),
        body: expect.anything(),
      });
      expect([401, 403]).not.toContain(answer.status);
    } else {
      expect({ who, status: answer.status }).toEqual({ who, status: 403 });
    }
  });

  it.each(Object.keys(endpoints))('%s without a token: 401', async (name) => {
    const endpoint = endpoints[name]!;
    const answer = await send(
      kit.api.anonymous,
      endpoint.method,
      endpoint.path({} as Principal),
      endpoint.body,
    );
    expect(answer.status).toBe(401);
  });
});

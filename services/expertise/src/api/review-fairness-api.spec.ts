import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import type { EventEnvelope, ProgramSubmitted } from '@pk/contracts';
import { Scheduler } from '@pk/kernel';
import { publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import { caseIdOf } from '../application/reactions/open-review-case.reaction';
import { UnderstaffedHealth } from '../application/understaffed-health';
import { service } from '../service';
import { ReviewCaseReactions } from './review-case.controller';

// What users hit in expertise (issues 16 and 17): a conflict of interest through a second directory
// entry of the same legal entity, a refusal that does not name the conflict, cases waiting for
// experts unseen, providers named by id, a provider seeing its open review, a deactivated expert
// still deciding. Given/when/then through the HTTP API on the in-memory kit.

const CRITERIA = [
  'relevance',
  'practice-orientation',
  'planned-results',
  'assessment-materials',
  'staffing-and-resources',
];
const DAY = 86_400_000;
const COLLEGE_INN = '6316000018';
const COLLEGE_NAME = 'ГБПОУ «Самарский государственный колледж»';

const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
const expertToken = (expertId: string): Principal => ({ subject: expertId, role: 'expert', region: '63' });
const card = (expertId: string, score = 3) => ({
  expertId,
  region: '63',
  criteriaSet: { id: 'program-review', version: 1 },
  scores: CRITERIA.map((criterion) => ({ criterion, score, comment: '' })),
  summary: 'Программа соответствует требованиям',
});

async function startApi() {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const api = await startInMemoryService(service, { clock });
  const submit = async (fields: Partial<ProgramSubmitted['data']>) => {
    const programId = randomUUID();
    const event = publishedEvent(
      'catalog.ProgramSubmitted',
      { ...fields, programId },
      { subject: `program-${programId}`, position: 2 },
    );
    await api.app.get(ReviewCaseReactions).onProgramSubmitted(event);
    return { programId, caseId: caseIdOf(programId, event.data.revision) };
  };
  const caseEvents = async (caseId: string) =>
    (await api.store.readStream(`review-case-${caseId}`)).map((e: EventEnvelope) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
    }));
  const assigned = async (caseId: string) =>
    (await caseEvents(caseId))
      .filter((e) => e.type === 'expertise.ExpertAssigned')
      .map((e) => e.data['expertId'] as string);
  const register = (expertId: string, organizationId: string, subjects: string[]) =>
    api.as(admin).post('/experts', { expertId, region: '63', organizationId, subjects, competencies: [] });
  return { clock, api, submit, caseEvents, assigned, register };
}

describe('conflict of interest by legal entity (ИНН)', () => {
  let kit: Awaited<ReturnType<typeof startApi>>;
  // one college, twice in the catalog's directories: as a provider and as an educational organization
  const providerId = randomUUID();
  const organizationId = randomUUID();
  const [inHouse, outsider, ownStaff, biologist] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    kit = await startApi();
    kit.api.publish(
      publishedEvent(
        'catalog.ProviderRegistered',
        { providerId, region: '63', inn: COLLEGE_INN, name: COLLEGE_NAME, kind: 'college' },
        { subject: `provider-${providerId}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        {
          organizationId,
          region: '63',
          inn: COLLEGE_INN,
          name: 'Самарский колледж (образовательная организация)',
        },
        { subject: `organization-${organizationId}` },
      ),
    );
    expect((await kit.register(inHouse, organizationId, ['physics'])).status).toBe(201);
    expect((await kit.register(outsider, randomUUID(), ['physics'])).status).toBe(201);
  });
  afterAll(() => kit.api.close());

  it('never assigns an expert whose home is the provider’s legal entity under its organization entry', async () => {
    const { caseId } = await kit.submit({
      providerId,
      region: '63',
      subjects: ['physics'],
      competencies: [],
    });
    expect(await kit.assigned(caseId)).toEqual([outsider]);
    expect((await kit.caseEvents(caseId)).at(-1)).toMatchObject({
      type: 'expertise.ReviewUnderstaffed',
      data: { assigned: 1, required: 2 },
    });
    // and when it tries to score the case, it is told why it may not
    expect(
      await kit.api.as(expertToken(inHouse)).post(`/review-cases/${caseId}/scorecards`, card(inHouse)),
    ).toMatchObject({
      status: 422,
      body: { code: 'expert-conflict-of-interest', detail: expect.stringMatching(/ИНН/) },
    });
  });

  it('tells an expert of the provider’s own organization that the conflict is why it may not score, and any other that it is not assigned', async () => {
    expect((await kit.register(ownStaff, providerId, ['chemistry'])).status).toBe(201);
    expect((await kit.register(biologist, randomUUID(), ['biology'])).status).toBe(201);
    const { caseId } = await kit.submit({
      providerId,
      region: '63',
      subjects: ['chemistry'],
      competencies: [],
    });
    expect(await kit.assigned(caseId)).not.toContain(ownStaff);
    expect(
      await kit.api.as(expertToken(ownStaff)).post(`/review-cases/${caseId}/scorecards`, card(ownStaff)),
    ).toMatchObject({ status: 422, body: { code: 'expert-conflict-of-interest' } });
    expect(
      await kit.api.as(expertToken(biologist)).post(`/review-cases/${caseId}/scorecards`, card(biologist)),
    ).toMatchObject({ status: 422, body: { code: 'expert-not-assigned' } });
  });

  it('names providers in the council’s statistics as the catalog’s directory does', async () => {
    const statistics = await kit.api
      .as(admin)
      .get<{ providers: { providerId: string }[] }>('/statistics/council?region=63');
    expect(statistics.status).toBe(200);
    expect(statistics.body.providers.find((p) => p.providerId === providerId)).toMatchObject({
      providerId,
      providerName: COLLEGE_NAME,
    });
  });
});

describe('a provider sees the decision of its review, never the review while it is open', () => {
  it('shows neither reviewers nor scorecards to the provider, before or after the decision', async () => {
    const kit = await startApi();
    try {
      const providerId = randomUUID();
      const provider = {
        subject: 'college',
        role: 'provider',
        region: '63',
        organization: providerId,
      } as const;
      const [first, second] = [randomUUID(), randomUUID()];
      await kit.register(first, randomUUID(), ['physics']);
      await kit.register(second, randomUUID(), ['physics']);
      const { programId, caseId } = await kit.submit({ providerId, subjects: ['physics'], competencies: [] });
      await kit.api.as(expertToken(first)).post(`/review-cases/${caseId}/scorecards`, card(first, 2));

      const path = `/programs/${programId}/reviews?region=63&organization=${providerId}`;
      const open = await kit.api.as(provider).get<{ cases: Record<string, unknown>[] }>(path);
      expect(open.status).toBe(200);
      expect(open.body.cases).toEqual([
        expect.objectContaining({ caseId, status: 'open', waitingForExperts: false, decision: null }),
      ]);
      const seen = JSON.stringify(open.body);
      expect(seen).not.toContain(first);
      expect(seen).not.toContain(second);
      expect(seen).not.toContain('Программа соответствует требованиям');
      expect(open.body.cases[0]).not.toHaveProperty('assignments');

      await kit.api.as(expertToken(second)).post(`/review-cases/${caseId}/scorecards`, card(second, 2));
      const decided = await kit.api.as(provider).get<{ cases: Record<string, unknown>[] }>(path);
      expect(decided.body.cases).toEqual([
        expect.objectContaining({
          status: 'decided',
          decision: expect.objectContaining({
            outcome: 'returned',
            comments: ['Программа соответствует требованиям'],
          }),
        }),
      ]);
      expect(JSON.stringify(decided.body)).not.toContain(first);
      expect(decided.body.cases[0]).not.toHaveProperty('assignments');
      // the ministry still sees the whole review
      const full = await kit.api
        .as(admin)
        .get<{ cases: { assignments: unknown[] }[] }>(`/programs/${programId}/reviews?region=63`);
      expect(full.body.cases[0]!.assignments).toHaveLength(2);
    } finally {
      await kit.api.close();
    }
  });
});

describe('a deactivated expert decides nothing', () => {
  it('withdraws its open assignments, gives them to another expert, empties its queue and refuses its scorecards', async () => {
    const kit = await startApi();
    try {
      const experts = [randomUUID(), randomUUID(), randomUUID()].sort();
      for (const expertId of experts) await kit.register(expertId, randomUUID(), ['physics']);
      const { caseId } = await kit.submit({ subjects: ['physics'], competencies: [] });
      const [leaving, staying] = (await kit.assigned(caseId)) as [string, string];
      const spare = experts.find((e) => e !== leaving && e !== staying)!;

      expect((await kit.api.as(admin).post(`/experts/${leaving}/deactivate`, { region: '63' })).status).toBe(
        200,
      );
      expect((await kit.caseEvents(caseId)).slice(3)).toEqual([
        {
          type: 'expertise.AssignmentWithdrawn',
          data: expect.objectContaining({ expertId: leaving, reason: 'deactivated' }),
        },
        { type: 'expertise.ExpertAssigned', data: expect.objectContaining({ expertId: spare }) },
      ]);
      expect(
        (await kit.api.as(expertToken(leaving)).get(`/experts/${leaving}/queue?region=63`)).body,
      ).toMatchObject({ assignments: [] });
      expect(
        await kit.api.as(expertToken(leaving)).post(`/review-cases/${caseId}/scorecards`, card(leaving)),
      ).toMatchObject({ status: 422, body: { code: 'expert-deactivated' } });
      expect((await kit.caseEvents(caseId)).filter((e) => e.type === 'expertise.ScorecardSubmitted')).toEqual(
        [],
      );
    } finally {
      await kit.api.close();
    }
  });
});

describe('cases waiting for experts', () => {
  it('lists, counts and shows a case waiting for experts, and staffs it by itself when an expert joins', async () => {
    const kit = await startApi();
    try {
      const providerId = randomUUID();
      const provider = {
        subject: 'college',
        role: 'provider',
        region: '63',
        organization: providerId,
      } as const;
      const only = randomUUID();
      await kit.register(only, randomUUID(), ['physics']);
      const { programId, caseId } = await kit.submit({ providerId, subjects: ['physics'], competencies: [] });
      const retryAt = new Date(kit.clock.now().getTime() + DAY).toISOString();
      expect((await kit.caseEvents(caseId)).at(-1)).toEqual({
        type: 'expertise.ReviewUnderstaffed',
        data: expect.objectContaining({ assigned: 1, required: 2, retryAt }),
      });

      // the ministry's list of the region
      expect(await kit.api.as(admin).get('/review-cases/understaffed?region=63')).toMatchObject({
        status: 200,
        body: {
          region: '63',
          cases: [{ caseId, programId, providerId, staffed: 1, reviewersRequired: 2, retryAt }],
        },
      });
      // the council's statistics
      const statistics = await kit.api
        .as(admin)
        .get<{ providers: { providerId: string }[] }>('/statistics/council');
      expect(statistics.body.providers.find((p) => p.providerId === providerId)).toMatchObject({
        understaffed: 1,
      });
      // the provider
      const reviews = `/programs/${programId}/reviews?region=63&organization=${providerId}`;
      expect((await kit.api.as(provider).get(reviews)).body).toMatchObject({
        cases: [{ status: 'open', waitingForExperts: true }],
      });
      // health
      await kit.api.app.get(UnderstaffedHealth).refresh();
      expect((await kit.api.anonymous.get('/health')).body).toMatchObject({
        checks: { 'understaffed-review-cases': { status: 'ok', count: 1 } },
      });

      // an expert joins the pool: the case is staffed without anyone asking
      const newcomer = randomUUID();
      expect((await kit.register(newcomer, randomUUID(), ['physics'])).status).toBe(201);
      expect((await kit.caseEvents(caseId)).at(-1)).toMatchObject({
        type: 'expertise.ExpertAssigned',
        data: { expertId: newcomer },
      });
      expect((await kit.api.as(admin).get('/review-cases/understaffed?region=63')).body).toMatchObject({
        cases: [],
      });
      expect((await kit.api.as(provider).get(reviews)).body).toMatchObject({
        cases: [{ status: 'open', waitingForExperts: false }],
      });
      await kit.api.app.get(UnderstaffedHealth).refresh();
      expect((await kit.api.anonymous.get('/health')).body).toMatchObject({
        checks: { 'understaffed-review-cases': { count: 0 } },
      });
    } finally {
      await kit.api.close();
    }
  });

  it('tries again by itself every day while it waits, one attempt pending at a time', async () => {
    const kit = await startApi();
    try {
      await kit.register(randomUUID(), randomUUID(), ['chemistry']);
      const { caseId } = await kit.submit({ subjects: ['chemistry'], competencies: [] });
      const understaffed = async () =>
        (await kit.caseEvents(caseId)).filter((e) => e.type === 'expertise.ReviewUnderstaffed');
      expect(await understaffed()).toHaveLength(1);
      // another expert of no matching subject joins: nothing new to decide, no second deadline
      await kit.register(randomUUID(), randomUUID(), ['biology']);
      expect(await understaffed()).toHaveLength(1);

      kit.clock.advance(DAY + 60_000);
      await kit.api.app.get(Scheduler).fireDue();
      const tried = await understaffed();
      expect(tried).toHaveLength(2);
      expect(tried[1]!.data['retryAt']).toBe(new Date(kit.clock.now().getTime() + DAY).toISOString());
      kit.clock.advance(DAY + 60_000);
      await kit.api.app.get(Scheduler).fireDue();
      expect(await understaffed()).toHaveLength(3);
    } finally {
      await kit.api.close();
    }
  });
});

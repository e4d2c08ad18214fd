import { randomUUID } from 'node:crypto';
import { type ProgramSubmitted, publicTopic, REGION_CODES } from '@pk/contracts';
import { ReplicaBehind, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import {
  publishedEvent,
  serverEndpoints,
  type ServiceApi,
  reactionsFromNow,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { caseIdOf } from '../application/reactions/open-review-case.reaction';
import { LegalEntities } from '../projections/legal-entities/legal-entities.queries';
import { service } from '../service';

// The service as it runs: catalog's ProgramSubmitted on Kafka opens a case in PostgreSQL, experts are
// chosen from the read model in FerretDB, and the decision reaches the service's own topic (the read
// model, built from that topic, shows it). The shared stack holds earlier runs' experts: the test
// works with whoever is chosen and asserts what must hold of them.
jest.setTimeout(90_000);

describe('expertise on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'expertise-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  // a region few other tests use, so the pool stays small
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const admin = { subject: 'admin', role: 'ministry-admin', region } as const;
  const providerId = randomUUID();
  const colleague = randomUUID(); // works for the provider: must never review its program
  const experts = [colleague, randomUUID(), randomUUID()];
  // the same college twice in the catalog's directories (one ИНН): as a provider and an organization
  const college = randomUUID();
  const collegeAsOrganization = randomUUID();
  const collegeInn = `63${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const inHouse = randomUUID();
  const outsider = randomUUID();
  const newcomer = randomUUID();
  let api: ServiceApi;

  beforeAll(async () => {
    await reactionsFromNow('expertise');
    api = await startServiceApi('expertise', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    // leave the shared pool as found: these experts take no further cases
    for (const expertId of [...experts, inHouse, outsider, newcomer]) {
      await api.as(admin).post(`/experts/${expertId}/deactivate`, { region });
    }
    await api.close();
    await bus.close();
    await pool.end();
  });

  const caseEvents = async (caseId: string) =>
    (
      await pool.query<{ type: string; data: { expertId?: string } }>(
        'select type, data from expertise.events where stream_id = $1 order by stream_position',
        [`review-case-${caseId}`],
      )
    ).rows;

  it('opens a case for a submitted revision, assigns two experts without a conflict, and publishes the decision on their scorecards', async () => {
    for (const expertId of experts) {
      const organizationId = expertId === colleague ? providerId : randomUUID();
      const answer = await api.as(admin).post('/experts', {
        expertId,
        region,
        organizationId,
        subjects: ['physics', 'chemistry'],
        competencies: ['R/01'],
      });
      expect(answer.status).toBe(201);
    }
    // the pool is read from the read model: wait until it holds the new experts
    await until(
      async () =>
        (
          await Promise.all(experts.map((id) => api.as(admin).get(`/experts/${id}/queue?region=${region}`)))
        ).every((a) => a.status === 200),
      'the experts in the read model',
    );

    const programId = randomUUID();
    const submitted: ProgramSubmitted = publishedEvent(
      'catalog.ProgramSubmitted',
      { programId, providerId, region },
      { subject: `program-${programId}`, position: 2 },
    );
    await bus.publish(publicTopic('catalog'), [toMessage(submitted)]);

    const caseId = caseIdOf(programId, submitted.data.revision);
    await until(async () => (await caseEvents(caseId)).length >= 3, 'the review case');
    const opened = await caseEvents(caseId);
    expect(opened.map((e) => e.type)).toEqual([
      'expertise.ReviewCaseOpened',
      'expertise.ExpertAssigned',
      'expertise.ExpertAssigned',
    ]);
    const assigned = opened.slice(1).map((e) => e.data.expertId!);
    expect(new Set(assigned).size).toBe(2);
    expect(assigned).not.toContain(colleague);

    // each assignment's deadline is scheduled once its events are stored (the command's hook), so
    // the schedule may lag the stream by a moment: wait for both, then look at what they are
    const operator = { subject: 'ops', role: 'platform-operator', region } as const;
    const scheduledForCase = async () =>
      (
        await api.as(operator).get<{ streamId: string; command: { type: string } }[]>('/schedule')
      ).body.filter((e) => e.streamId === `review-case-${caseId}`);
    await until(async () => (await scheduledForCase()).length >= 2, 'both assignments scheduled');
    expect(await scheduledForCase()).toMatchObject([
      { command: { type: 'WithdrawOverdue' } },
      { command: { type: 'WithdrawOverdue' } },
    ]);

    for (const expertId of assigned) {
      const scores = [
        'relevance',
        'practice-orientation',
        'planned-results',
        'assessment-materials',
        'staffing-and-resources',
      ];
      const answer = await api
        .as({ subject: expertId, role: 'expert', region })
        .post(`/review-cases/${caseId}/scorecards`, {
          expertId,
          region,
          criteriaSet: { id: 'program-review', version: 1 },
          scores: scores.map((criterion) => ({ criterion, score: 3, comment: '' })),
          summary: 'Рекомендую к утверждению.',
        });
      expect(answer.status).toBe(201);
    }
    expect((await caseEvents(caseId)).map((e) => e.type).slice(-2)).toEqual([
      'expertise.ScorecardSubmitted',
      'expertise.ReviewDecided',
    ]);

    // the read model follows pk.expertise.events.v1: the decision is on the topic once it shows here
    await until(
      async () =>
        (
          await api
            .as(admin)
            .get<{ cases?: { status: string }[] }>(`/programs/${programId}/reviews?region=${region}`)
        ).body.cases?.[0]?.status === 'decided',
      'the decision on the expertise topic',
    );
    const history = await api.as(admin).get(`/programs/${programId}/reviews?region=${region}`);
    expect(history.body).toMatchObject({
      cases: [
        {
          caseId,
          providerId,
          decision: { outcome: 'approved', score: 1, comments: ['Рекомендую к утверждению.'] },
        },
      ],
    });
  });

  it('keeps an expert of the provider’s legal entity off its case (same ИНН, another directory entry), lists the case waiting for experts, and staffs it when an expert joins', async () => {
    const at = (subject: string) => ({ subject, position: 0, time: new Date().toISOString() });
    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.ProviderRegistered',
          { providerId: college, region, inn: collegeInn, name: 'Колледж (интеграционный тест)' },
          at(`provider-${college}`),
        ),
      ),
      toMessage(
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId: collegeAsOrganization, region, inn: collegeInn },
          at(`organization-${collegeAsOrganization}`),
        ),
      ),
    ]);
    await until(
      async () =>
        (
          await api.app
            .get(LegalEntities)
            .sameLegalEntity(college)
            // while the replica catches up with the topic it says so (ReplicaBehind): not yet
            .catch((error: unknown) =>
              error instanceof ReplicaBehind ? ([] as string[]) : Promise.reject(error),
            )
        ).includes(collegeAsOrganization),
      'both entries of the college in the directory replica',
    );
    for (const [expertId, organizationId] of [
      [inHouse, collegeAsOrganization],
      [outsider, randomUUID()],
    ] as const) {
      const answer = await api.as(admin).post('/experts', {
        expertId,
        region,
        organizationId,
        subjects: ['biology'],
        competencies: [],
      });
      expect(answer.status).toBe(201);
    }
    await until(
      async () =>
        (
          await Promise.all(
            [inHouse, outsider].map((id) => api.as(admin).get(`/experts/${id}/queue?region=${region}`)),
          )
        ).every((a) => a.status === 200),
      'the experts in the read model',
    );

    const programId = randomUUID();
    const submitted: ProgramSubmitted = publishedEvent(
      'catalog.ProgramSubmitted',
      { programId, providerId: college, region, subjects: ['biology'], competencies: [] },
      { subject: `program-${programId}`, position: 2 },
    );
    await bus.publish(publicTopic('catalog'), [toMessage(submitted)]);
    const caseId = caseIdOf(programId, submitted.data.revision);
    await until(async () => (await caseEvents(caseId)).length >= 3, 'the review case');
    const opened = await caseEvents(caseId);
    expect(opened.map((e) => [e.type, e.data.expertId])).toEqual([
      ['expertise.ReviewCaseOpened', undefined],
      ['expertise.ExpertAssigned', outsider],
      ['expertise.ReviewUnderstaffed', undefined],
    ]);

    await until(
      async () =>
        (
          await api
            .as(admin)
            .get<{ cases: { caseId: string }[] }>(`/review-cases/understaffed?region=${region}`)
        ).body.cases.some((c) => c.caseId === caseId),
      'the case in the list of cases waiting for experts',
    );
    const statistics = await api
      .as(admin)
      .get<{ providers: { providerId: string }[] }>(`/statistics/council?region=${region}`);
    expect(statistics.body.providers.find((p) => p.providerId === college)).toMatchObject({
      providerName: 'Колледж (интеграционный тест)',
      understaffed: 1,
    });

    expect(
      (
        await api.as(admin).post('/experts', {
          expertId: newcomer,
          region,
          organizationId: randomUUID(),
          subjects: ['biology'],
          competencies: [],
        })
      ).status,
    ).toBe(201);
    await until(
      async () => (await caseEvents(caseId)).some((e) => e.data.expertId === newcomer),
      'the newcomer assigned by itself',
    );
    expect((await caseEvents(caseId)).map((e) => e.data.expertId)).not.toContain(inHouse);
  });
});

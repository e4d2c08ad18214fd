import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES, type ReviewDecided, type ReviewOutcome } from '@pk/contracts';
import { type EventStore, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { EVENT_STORE, ServiceKit } from '@pk/service-runtime';
import {
  providerRegistered,
  publishedEvent,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// A program's review as catalog lives it, on its real servers: drafts and submissions over HTTP
// into PostgreSQL, the council's decisions arriving from Kafka (as the expertise service publishes
// them), and the register read model in FerretDB answering searches.
describe('programs under review and the register (integration)', () => {
  const bus = new KafkaMessageBus({
    clientId: 'register-test',
    brokers: serverEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  let api: ServiceApi;
  let store: EventStore;
  // a region of its own, so what earlier runs left in the shared stack is never counted
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const providerId = randomUUID();
  const provider: Principal = { subject: 'sipkro', role: 'provider', region, organization: providerId };
  const teacher: Principal = { subject: randomUUID(), role: 'teacher', region };
  const programs = `/providers/${providerId}/programs`;
  const card = (fields: Record<string, unknown> = {}) => ({
    title: 'Функциональная грамотность на уроках физики',
    annotation: 'Задания PISA-типа на уроках физики.',
    kind: 'advanced-training',
    hours: 36,
    format: 'blended',
    targetPositions: ['teacher'],
    organizationTypes: ['school'],
    subjects: ['physics'],
    workProfile: '',
    competencies: ['R/01', 'A/01.6'],
    voucherEligible: true,
    employerAssessment: true,
    practiceShare: 50,
    ...fields,
  });

  async function draftAndSubmit(fields: Record<string, unknown> = {}): Promise<string> {
    const programId = randomUUID();
    expect(await api.as(provider).post(programs, { ...card(fields), programId, region })).toMatchObject({
      status: 201,
    });
    expect(await api.as(provider).post(`${programs}/${programId}/submission`)).toMatchObject({ status: 201 });
    return programId;
  }

  /** What the expertise service publishes when the council has decided. */
  async function decide(
    programId: string,
    revision: number,
    outcome: ReviewOutcome,
    comments: string[] = [],
  ) {
    const caseId = randomUUID();
    const decided: ReviewDecided = publishedEvent(
      'expertise.ReviewDecided',
      { caseId, programId, region, providerId, revision, outcome, score: 0.8, comments },
      { subject: `review-case-${caseId}`, position: 5, time: new Date().toISOString() },
    );
    await bus.publish(publicTopic('expertise'), [toMessage(decided)]);
    return decided;
  }

  const status = async (programId: string) =>
    (await api.as(provider).get<{ status?: string; revision?: number }>(`/programs/${programId}`)).body;
  const types = async (programId: string) =>
    (await store.readStream(`program-${programId}`)).map((e) => e.type);

  beforeAll(async () => {
    api = await startServiceApi('catalog', [ServiceKit.forService(service)]);
    store = api.app.get(EVENT_STORE);
    const registered = providerRegistered(region, providerId);
    await store.append(
      `provider-${providerId}`,
      [{ ...registered, data: { ...(registered.data as object), name: 'ГАУ ДПО СИПКРО' } }],
      'no-stream',
    );
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  let approved: string;
  let resubmitted: string;
  let rejected: string;

  it('takes the council decisions from Kafka: approved, returned then resubmitted and approved, rejected', async () => {
    approved = await draftAndSubmit();
    resubmitted = await draftAndSubmit({
      title: 'Инклюзивное образование: практика',
      subjects: ['primary-education'],
      competencies: ['R/02'],
      voucherEligible: false,
    });
    rejected = await draftAndSubmit({ title: 'Общие вопросы педагогики' });

    const decision = await decide(approved, 1, 'approved');
    await decide(resubmitted, 1, 'returned', ['Оценочные материалы: нет критериев оценки']);
    await decide(rejected, 1, 'rejected', ['Не соответствует профстандарту']);
    await until(async () => (await status(resubmitted)).status === 'returned', 'the returned program');

    const returned = await api.as(provider).get<{ comments: string[] }>(`/programs/${resubmitted}`);
    expect(returned.body.comments).toEqual(['Оценочные материалы: нет критериев оценки']);
    expect(
      await api.as(provider).put(
        `${programs}/${resubmitted}`,
        card({
          title: 'Инклюзивное образование: практика',
          subjects: ['primary-education'],
          competencies: ['R/02'],
          hours: 48,
          voucherEligible: false,
        }),
      ),
    ).toMatchObject({ status: 200 });
    expect(await api.as(provider).post(`${programs}/${resubmitted}/submission`)).toMatchObject({
      status: 201,
    });
    await decide(resubmitted, 2, 'approved');

    await until(
      async () => (await status(resubmitted)).status === 'approved',
      'the resubmitted program approved',
    );
    await until(async () => (await status(rejected)).status === 'rejected', 'the rejected program');
    expect(await status(approved)).toMatchObject({ status: 'approved', revision: 1, approvedRevision: 1 });
    expect(await status(resubmitted)).toMatchObject({ status: 'approved', revision: 2, hours: 48 });

    // the same decision delivered again changes nothing
    await bus.publish(publicTopic('expertise'), [toMessage({ ...decision, id: randomUUID() })]);
    await decide(rejected, 1, 'rejected', ['Не соответствует профстандарту']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await types(approved)).toEqual([
      'catalog.ProgramDrafted',
      'catalog.ProgramSubmitted',
      'catalog.ProgramApproved',
    ]);
    expect(await types(rejected)).toEqual([
      'catalog.ProgramDrafted',
      'catalog.ProgramSubmitted',
      'catalog.ProgramRejected',
    ]);
  });

  it('lists approved programs in the register, filtered and paged in a stable order', async () => {
    // every search names this run's provider: the shared stack may hold programs of earlier runs
    const search = async (query: string) =>
      (
        await api
          .as(teacher)
          .get<{ total: number; programs: { programId: string; providerName: string }[] }>(
            `/register?providerId=${providerId}&${query}`,
          )
      ).body;
    const all = await search('');
    expect(all.total).toBe(2);
    expect(all.programs.map((p) => p.programId)).toEqual([resubmitted, approved]); // «Инклюзивное…» < «Функциональная…»
    expect(all.programs[0]!.providerName).toBe('ГАУ ДПО СИПКРО');
    expect((await search('subject=physics&voucherEligible=true')).programs.map((p) => p.programId)).toEqual([
      approved,
    ]);
    expect((await search('competency=R/02')).programs.map((p) => p.programId)).toEqual([resubmitted]);
    expect((await search('q=ФУНКЦ%20физик')).programs.map((p) => p.programId)).toEqual([approved]);
    expect((await search('minHours=40')).programs.map((p) => p.programId)).toEqual([resubmitted]);
    expect((await search(`position=teacher&organizationType=school&format=blended`)).total).toBe(2);
    expect((await search('subject=chemistry')).total).toBe(0);
    const page2 = await search('pageSize=1&page=2');
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.programs.map((p) => p.programId)).toEqual([approved]);
    // the same page by cursor (on FerretDB: each read an AND of indexed equalities)
    const first = (await search('pageSize=1')) as unknown as { next: string; order: string };
    expect(first.order).toBe('title');
    const byCursor = await search(`pageSize=1&cursor=${first.next}`);
    expect(byCursor).toMatchObject({ page: null, next: null });
    expect(byCursor.programs.map((p) => p.programId)).toEqual([approved]);
    expect(await api.as(teacher).get(`/register?cursor=not-a-cursor`)).toMatchObject({ status: 400 });
    expect(await api.as(teacher).get(`/register?subject=astrology`)).toMatchObject({ status: 400 });
  });

  it("shows the provider its programs with their review state, and keeps drafts from others' eyes", async () => {
    const draftOnly = randomUUID();
    await api.as(provider).post(programs, { ...card(), programId: draftOnly, region });
    await until(async () => (await status(draftOnly)).status === 'draft', 'the draft in the read model');
    const own = await api
      .as(provider)
      .get<{ programs: { programId: string; status: string; comments: string[] }[] }>(programs);
    const byId = Object.fromEntries(own.body.programs.map((p) => [p.programId, p]));
    expect(byId[rejected]).toMatchObject({
      status: 'rejected',
      comments: ['Не соответствует профстандарту'],
    });
    expect(byId[draftOnly]).toMatchObject({ status: 'draft' });
    expect(Object.keys(byId)).toHaveLength(4);
    expect(await api.as(teacher).get(`/programs/${draftOnly}`)).toMatchObject({ status: 404 });
    expect(await api.as(teacher).get(`/programs/${approved}`)).toMatchObject({ status: 200 });
  });

  it('opens an offering of an approved program and lists it under the program', async () => {
    const offeringId = randomUUID();
    const offering = {
      offeringId,
      programId: approved,
      region,
      startsOn: '2030-02-04',
      endsOn: '2030-02-15',
      enrollmentDeadline: '2030-01-28',
      online: false,
      place: 'Самара, ул. Мичурина, 19',
      capacity: 25,
      minimumGroupSize: 10,
    };
    expect(await api.as(provider).post(`/providers/${providerId}/offerings`, offering)).toMatchObject({
      status: 201,
    });
    await until(
      async () => (await api.as(teacher).get<unknown[]>(`/programs/${approved}/offerings`)).body.length === 1,
      'the offering under its program',
    );
    expect((await api.as(teacher).get(`/programs/${approved}/offerings`)).body).toEqual([
      expect.objectContaining({ offeringId, status: 'open', capacity: 25, startsOn: '2030-02-04' }),
    ]);
  });

  describe('who may read what', () => {
    const other = randomUUID();
    const principals: Record<string, Principal> = {
      'provider (own)': provider,
      'provider (other organization)': { ...provider, subject: 'other', organization: other },
      expert: { subject: randomUUID(), role: 'expert', region },
      teacher,
      'municipal-operator': { subject: 'mmc', role: 'municipal-operator', region, municipality: other },
      'ministry-admin': { subject: 'admin', role: 'ministry-admin', region },
      auditor: { subject: 'audit', role: 'auditor', region },
      'teacher (other region)': { ...teacher, region: region === '24' ? '63' : '24' },
    };
    // the answer each principal gets: the register and approved programs are the region's;
    // a provider's list is its own (and the ministry's and auditor's)
    const expected: Record<string, Record<string, number>> = {
      register: { 'teacher (other region)': 200 },
      'approved program': { 'teacher (other region)': 404 },
      'draft program': { 'provider (own)': 200, expert: 200, 'ministry-admin': 200, auditor: 200 },
      "provider's programs": { 'provider (own)': 200, 'ministry-admin': 200, auditor: 200 },
    };
    const defaults: Record<string, number> = {
      register: 200,
      'approved program': 200,
      'draft program': 404,
      "provider's programs": 403,
    };
    const cells = Object.keys(expected).flatMap((what) => [
      ...Object.keys(principals).map((who) => [what, who, expected[what]![who] ?? defaults[what]!] as const),
      [what, 'no token', 401] as const,
    ]);
    let draft: string;
    beforeAll(async () => {
      draft = randomUUID();
      await api.as(provider).post(programs, { ...card(), programId: draft, region });
      await until(async () => (await status(draft)).status === 'draft', 'the draft in the read model');
    });
    const paths: Record<string, () => string> = {
      register: () => '/register',
      'approved program': () => `/programs/${approved}`,
      'draft program': () => `/programs/${draft}`,
      "provider's programs": () => programs,
    };

    it.each(cells)('%s as %s: %s', async (what, who, status) => {
      const client = who === 'no token' ? api.anonymous : api.as(principals[who]!);
      expect((await client.get(paths[what]!())).status).toBe(status);
    });
  });
});

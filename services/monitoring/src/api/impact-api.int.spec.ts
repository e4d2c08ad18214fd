import { randomUUID } from 'node:crypto';
import { type CompetencyCode, type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// Evidence of impact as it runs: the catalog's, diagnostics' and enrollment's public events on
// Kafka, monitoring's impact facts in FerretDB, the share read over HTTP. A fresh provider of a
// region drawn at random (not Samara's, which the demo region fills), so nothing other runs leave
// on the shared stack enters its figures.
//
// The case, by hand. Provider V's program P develops R/01 and A/01.6, its program Q develops B/02.6.
// Eight teachers complete P on 15 June 2026:
//   t1–t5 had a deficit in R/01 (attempt, January); in September t1, t2, t3 score without it
//         (resolved), t4, t5 with it (persisted);
//   t6 had a deficit in A/01.6; an outside result of 1 September scores it without (resolved);
//   t7 had a deficit in R/01 and has not been diagnosed since (awaiting: not in the denominator);
//   t8 scored R/01 without deficit in January (no deficit: not counted).
//   P: completers 8, with a deficit 7, awaiting 1, denominator 6, resolved 4 → 4 / 6 = 66.7 %.
// t1 also completes Q, with no deficit in B/02.6: Q has 1 completer, denominator 0 → too few to say.
// V over both: the eight teachers once each, t1 resolved by P → the same figures as P.
jest.setTimeout(120_000);

describe('evidence of impact on Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-impact-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [providerV, programP, programQ] = Array.from({ length: 3 }, () => randomUUID());
  const teachers = Array.from({ length: 8 }, () => randomUUID());
  const [t1, t2, t3, t4, t5, t6, t7, t8] = teachers as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const ministry = { subject: 'minister', role: 'ministry-admin', region } as const;
  const provider = { subject: 'provider-v', role: 'provider', region, organization: providerV } as const;
  let api: ServiceApi;

  const attempt = (teacherId: string, competency: CompetencyCode, deficit: boolean, time: string) => {
    const attemptId = randomUUID();
    return publishedEvent(
      'diagnostics.AttemptScored',
      { attemptId, teacherId, region, scores: [{ competency, score: deficit ? 30 : 85, deficit }] },
      { subject: `attempt-${attemptId}`, time },
    );
  };
  const completed = (teacherId: string, programId: string) => {
    const enrollmentId = randomUUID();
    return publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId, teacherId, region, programId, providerId: providerV, completedOn: '2026-06-15' },
      { subject: `enrollment-${enrollmentId}` },
    );
  };
  const january = '2026-01-20T08:00:00.000Z';
  const september = '2026-09-10T08:00:00.000Z';
  const resultId = randomUUID();

  const events: Record<'catalog' | 'diagnostics' | 'enrollment', EventEnvelope[]> = {
    catalog: [
      publishedEvent(
        'catalog.ProgramApproved',
        { programId: programP, providerId: providerV, region, competencies: ['R/01', 'A/01.6'] },
        { subject: `program-${programP}` },
      ),
      publishedEvent(
        'catalog.ProgramApproved',
        { programId: programQ, providerId: providerV, region, competencies: ['B/02.6'] },
        { subject: `program-${programQ}` },
      ),
    ],
    diagnostics: [
      ...[t1, t2, t3, t4, t5, t7].map((t) => attempt(t, 'R/01', true, january)),
      attempt(t6, 'A/01.6', true, january),
      attempt(t8, 'R/01', false, january),
      ...[t1, t2, t3].map((t) => attempt(t, 'R/01', false, september)),
      ...[t4, t5].map((t) => attempt(t, 'R/01', true, september)),
      publishedEvent(
        'diagnostics.ExternalResultRecorded',
        {
          resultId,
          teacherId: t6,
          region,
          recordedOn: '2026-09-01',
          scores: [{ competency: 'A/01.6', score: 80, deficit: false }],
        },
        { subject: `external-result-${resultId}` },
      ),
    ],
    enrollment: [...teachers.map((t) => completed(t, programP)), completed(t1, programQ)],
  };

  beforeAll(async () => {
    api = await startServiceApi('monitoring', [ServiceKit.forService(service)]);
    for (const [context, published] of Object.entries(events)) {
      await bus.publish(publicTopic(context as keyof typeof events), published.map(toMessage));
    }
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  type Share = {
    completers: number;
    awaiting: number;
    denominator: number;
    numerator: number;
    percent: number | null;
  };
  type Impact = {
    total: Share & { tooFew: string | null };
    programs: (Share & { programId: string; tooFew: string | null })[];
  };

  it('gives the provider’s share equal to the case computed by hand, program by program', async () => {
    const path = `/statistics/impact?year=2026&region=${region}&providerId=${providerV}`;
    // the read model follows three topics: wait until the last fact of each has arrived
    await until(async () => {
      const answer = await api.as(ministry).get<Impact>(path);
      const p = answer.body.programs?.find((program) => program.programId === programP);
      return answer.status === 200 && p?.completers === 8 && p.denominator === 6 && p.numerator === 4;
    }, 'the case in the read model');
    const { body } = await api.as(ministry).get<Impact>(path);
    const ofP = {
      completers: 8,
      withDeficit: 7,
      awaiting: 1,
      denominator: 6,
      numerator: 4,
      percent: 66.7,
      tooFew: null,
    };
    expect(body.total).toEqual(ofP);
    expect(body.programs).toEqual(
      [
        { programId: programP, providerId: providerV, ...ofP },
        {
          programId: programQ,
          providerId: providerV,
          completers: 1,
          withDeficit: 0,
          awaiting: 0,
          denominator: 0,
          numerator: 0,
          percent: null,
          tooFew: expect.stringMatching(/^слишком мало педагогов/),
        },
      ].sort((a, b) => a.programId.localeCompare(b.programId)),
    );
  });

  it('gives the provider its own figures, and one program alone', async () => {
    const own = await api.as(provider).get<Impact>(`/statistics/impact?year=2026`);
    expect(own.status).toBe(200);
    expect(own.body.total).toMatchObject({ denominator: 6, numerator: 4, percent: 66.7 });
    const ofQ = await api.as(provider).get<Impact>(`/statistics/impact?year=2026&programId=${programQ}`);
    expect(ofQ.body.total).toMatchObject({ completers: 1, denominator: 0, percent: null });
    expect(
      (await api.as(provider).get(`/statistics/impact?year=2026&providerId=${randomUUID()}`)).status,
    ).toBe(403);
  });
});

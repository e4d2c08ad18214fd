import { randomUUID } from 'node:crypto';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// GET /indicators/goals as it runs: catalog, diagnostics, enrollment, expertise and vouchers events
// on Kafka, the per-partition goal counts in FerretDB, the goals 2–4 read over HTTP. A region drawn
// at random (not Samara's, which the demo fills), so other runs' events never enter these figures.
//
// The case, by hand, for 2026: schools S1 (M1) and S2 (M2); program P an internship assessed by
// employers, program Q neither (never approved here); teachers T1 (S1) and T2 (S2).
//   Expertise: P's first revision opened 2 March, approved 6 March: 1 of 1 first reviews, 4 days.
//   Completions: T1 on P (S1), T2 on Q (S2): 1 of 2 on an internship, 50 %.
//   Ratings: 5/4/5/4 (mean 4.5) and 3/4/3/4 (3.5): mean 4, 1 of 2 at 4 or more.
//   Diagnostics: T1 on their own, T2 in a campaign: 1 of 2 teachers, 50 %.
//   ИОМ: proposed to T1 and T2, accepted by T1: 50 %.
//   Vouchers: M1's first pays A 7 200, M1's second unused, M2's pays B 2 400: 2 of 3 applied
//   (66.7 %); A 75 %, B 25 %: HHI 75² + 25² = 6 250. One active expert for 2 teachers: 50 per 100.
jest.setTimeout(120_000);

describe('goals 2–4 on Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-goals-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [m1, m2, s1, s2, providerA, providerB, P, Q, t1, t2, expert] = Array.from({ length: 11 }, () =>
    randomUUID(),
  );
  const ministry = { subject: 'minister', role: 'ministry-admin', region } as const;
  const operator = { subject: 'mmc', role: 'municipal-operator', region, municipality: m1 } as const;
  let api: ServiceApi;

  const teacher = (teacherId: string, municipalityId: string, organizationId: string) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId, region, municipalityId, organizationId },
      { subject: `teacher-${teacherId}` },
    );
  const voucher = (municipalityId: string, paid?: [string, number]) => {
    const voucherId = randomUUID();
    const at = (position: number) => ({ subject: `voucher-${voucherId}`, position });
    return [
      publishedEvent('vouchers.VoucherIssued', { voucherId, region, year: 2026, municipalityId }, at(0)),
      ...(paid === undefined
        ? []
        : [
            publishedEvent('vouchers.BlockReserved', { voucherId, region, year: 2026, block: 1 }, at(1)),
            publishedEvent(
              'vouchers.BlockRedeemed',
              { voucherId, region, year: 2026, block: 1, providerId: paid[0], amount: paid[1] },
              at(2),
            ),
          ]),
    ];
  };
  const onGroup = (position: number) => ({
    subject: `group-${P}`,
    position,
    time: '2026-06-01T09:00:00.000Z',
  });

  const events: Record<'catalog' | 'diagnostics' | 'enrollment' | 'expertise' | 'vouchers', EventEnvelope[]> =
    {
      catalog: [
        ...[
          [s1, m1],
          [s2, m2],
        ].map(([organizationId, municipalityId]) =>
          publishedEvent(
            'catalog.OrganizationRegistered',
            { organizationId, region, municipalityId },
            { subject: `organization-${organizationId}` },
          ),
        ),
        publishedEvent(
          'catalog.ProgramApproved',
          { programId: P, region, format: 'internship', employerAssessment: true },
          { subject: `program-${P}`, position: 3 },
        ),
      ],
      diagnostics: [
        teacher(t1, m1, s1),
        teacher(t2, m2, s2),
        ...[
          [t1, m1, null],
          [t2, m2, randomUUID()],
        ].map(([teacherId, municipalityId, campaignId]) => {
          const attemptId = randomUUID();
          return publishedEvent(
            'diagnostics.AttemptScored',
            { attemptId, teacherId: teacherId!, region, municipalityId: municipalityId!, campaignId },
            { subject: `attempt-${attemptId}`, time: '2026-02-01T09:00:00.000Z' },
          );
        }),
        ...[
          [t1, s1],
          [t2, s2],
        ].map(([teacherId, organizationId]) =>
          publishedEvent(
            'diagnostics.TrajectoryProposed',
            { teacherId, region, organizationId, year: 2026 },
            { subject: `trajectory-${teacherId}`, position: 0 },
          ),
        ),
        publishedEvent(
          'diagnostics.TrajectoryAccepted',
          { teacherId: t1, region, organizationId: s1, year: 2026 },
          { subject: `trajectory-${t1}`, position: 1 },
        ),
      ],
      enrollment: [
        ...[
          [s1, P],
          [s2, Q],
        ].map(([organizationId, programId], i) =>
          publishedEvent(
            'enrollment.CourseCompleted',
            { enrollmentId: randomUUID(), region, organizationId, programId, completedOn: '2026-05-20' },
            onGroup(i),
          ),
        ),
        publishedEvent(
          'enrollment.FeedbackGiven',
          {
            region,
            programId: P,
            ratings: { content: 5, practiceOrientation: 4, teachers: 5, organization: 4 },
          },
          onGroup(2),
        ),
        publishedEvent(
          'enrollment.FeedbackGiven',
          {
            region,
            programId: P,
            ratings: { content: 3, practiceOrientation: 4, teachers: 3, organization: 4 },
          },
          onGroup(3),
        ),
      ],
      expertise: [
        publishedEvent(
          'expertise.ExpertRegistered',
          { expertId: expert, region },
          { subject: `expert-${expert}` },
        ),
        publishedEvent(
          'expertise.ReviewCaseOpened',
          { caseId: P, region, programId: P, revision: 1 },
          { subject: `review-case-${P}`, time: '2026-03-02T09:00:00.000Z' },
        ),
        publishedEvent(
          'expertise.ReviewDecided',
          { caseId: P, region, programId: P, revision: 1, outcome: 'approved' },
          { subject: `review-case-${P}`, position: 4, time: '2026-03-06T09:00:00.000Z' },
        ),
      ],
      vouchers: [...voucher(m1, [providerA, 7_200]), ...voucher(m1), ...voucher(m2, [providerB, 2_400])],
    };

  beforeAll(async () => {
    api = await startServiceApi('monitoring', [ServiceKit.forService(service)]);
    for (const [context, published] of Object.entries(events))
      await bus.publish(publicTopic(context as keyof typeof events), published.map(toMessage));
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  type Goals = {
    municipalityId: string | null;
    indicators: {
      id: string;
      regionWide: boolean;
      current: { numerator: number; denominator: number; value: number | null };
    }[];
  };
  const read = async (query: string, principal: typeof ministry | typeof operator = ministry) => {
    const answer = await api.as(principal).get<Goals>(`/indicators/goals?year=2026&region=${region}${query}`);
    expect(answer.status).toBe(200);
    return Object.fromEntries(answer.body.indicators.map((indicator) => [indicator.id, indicator]));
  };

  it('gives the ministry the region’s goals 2–4, as computed by hand', async () => {
    // the read model follows five topics: wait until the last fact of each has arrived
    await until(async () => {
      const goals = await read('');
      return (
        goals['programs-approved-first-review']!.current.denominator === 1 &&
        goals['completions-internship']!.current.denominator === 2 &&
        goals['completions-internship']!.current.numerator === 1 &&
        goals['feedback-high']!.current.denominator === 2 &&
        goals['teachers-self-diagnosed']!.current.denominator === 2 &&
        goals['trajectories-accepted']!.current.numerator === 1 &&
        goals['trajectories-accepted']!.current.denominator === 2 &&
        goals['voucher-holders-applied']!.current.numerator === 2 &&
        goals['experts-per-100-teachers']!.current.numerator === 1
      );
    }, 'the case in the read model');
    const goals = await read('');
    const values = Object.fromEntries(
      Object.entries(goals).map(([id, indicator]) => [id, indicator.current.value]),
    );
    expect(values).toEqual({
      'programs-approved-first-review': 100,
      'review-days-mean': 4,
      'review-days-median': 4,
      'completions-internship': 50,
      'completions-employer-assessed': 50,
      'feedback-mean': 4,
      'feedback-high': 50,
      'providers-serving-vouchers': 2,
      'largest-provider-share': 75,
      'voucher-market-hhi': 6_250,
      'teachers-self-diagnosed': 50,
      'trajectories-accepted': 50,
      'voucher-holders-applied': 66.7,
      'experts-per-100-teachers': 50,
    });
  });

  it('gives the operator their municipality, the region-wide ones marked, and no other', async () => {
    let own = await read('', operator);
    await until(
      async () => (own = await read('', operator))['completions-internship']!.current.denominator === 1,
      'the operator’s municipality to hold its schools’ completions',
    );
    // M1: T1 on P (1 of 1), T1 on their own (1 of 1), T1's ИОМ accepted (1 of 1), 1 of 2 vouchers
    expect(own['completions-internship']!.current.value).toBe(100);
    expect(own['teachers-self-diagnosed']!.current.value).toBe(100);
    expect(own['trajectories-accepted']!.current.value).toBe(100);
    expect(own['voucher-holders-applied']!.current.value).toBe(50);
    expect(own['voucher-market-hhi']!.current.value).toBe(10_000);
    // region-wide: the region's expertise and experts (1 expert, 2 teachers)
    expect(own['programs-approved-first-review']).toMatchObject({
      regionWide: true,
      current: { value: 100 },
    });
    expect(own['experts-per-100-teachers']!.current.value).toBe(50);
    expect(
      (await api.as(operator).get(`/indicators/goals?year=2026&region=${region}&municipalityId=${m2}`))
        .status,
    ).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// GET /statistics/activity as it runs: enrollment, catalog, expertise and vouchers events on Kafka,
// the per-partition counts in FerretDB, the statistics read over HTTP. A region drawn at random
// (not Samara's, which the demo fills), so other runs' events never enter these figures.
//
// The case, by hand, for 2026: schools S1 (M1) and S2 (M2); offering O1 of provider A's program P.
//   Applications: x (S1) completes; y (S1) fails the final assessment; z (S2) is confirmed, then
//   cancelled; w is withdrawn before confirmation. O1 starts.
//   Ratings of O1: 5/4/5/4 and 3/4/3/4. Review of P: opened 2 March, approved 6 March — 4 days.
//   Vouchers: M1's pays A 7 200, M2's pays provider B 2 400: A 75 %, B 25 %.
jest.setTimeout(120_000);

describe('activity statistics on Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-activity-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [m1, m2, s1, s2, providerA, providerB, program, offering, x, y, z, w] = Array.from(
    { length: 12 },
    () => randomUUID(),
  );
  const ministry = { subject: 'minister', role: 'ministry-admin', region } as const;
  const operator = { subject: 'mmc', role: 'municipal-operator', region, municipality: m1 } as const;
  let api: ServiceApi;

  const onGroup = (position: number, time = '2026-03-01T09:00:00.000Z') => ({
    subject: `group-${offering}`,
    position,
    time,
  });
  const confirmed = (applicationId: string, organizationId: string, position: number) =>
    publishedEvent(
      'enrollment.EnrollmentConfirmed',
      {
        applicationId,
        region,
        organizationId,
        offeringId: offering,
        providerId: providerA,
        programId: program,
      },
      onGroup(position),
    );
  const redeemed = (municipalityId: string, providerId: string, amount: number) => {
    const voucherId = randomUUID();
    return [
      publishedEvent(
        'vouchers.VoucherIssued',
        { voucherId, region, year: 2026, municipalityId },
        { subject: `voucher-${voucherId}` },
      ),
      publishedEvent(
        'vouchers.BlockRedeemed',
        { voucherId, region, year: 2026, block: 1, providerId, programId: program, amount },
        { subject: `voucher-${voucherId}`, position: 2 },
      ),
    ];
  };

  const events: Record<'catalog' | 'enrollment' | 'expertise' | 'vouchers', EventEnvelope[]> = {
    catalog: [
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: s1, region, municipalityId: m1 },
        { subject: `organization-${s1}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: s2, region, municipalityId: m2 },
        { subject: `organization-${s2}` },
      ),
      publishedEvent(
        'catalog.OfferingStarted',
        { offeringId: offering, region, providerId: providerA, programId: program },
        { subject: `offering-${offering}`, position: 3, time: '2026-03-10T09:00:00.000Z' },
      ),
    ],
    enrollment: [
      confirmed(x, s1, 0),
      confirmed(y, s1, 1),
      confirmed(z, s2, 2),
      publishedEvent(
        'enrollment.EnrollmentCancelled',
        {
          applicationId: z,
          region,
          offeringId: offering,
          providerId: providerA,
          code: 'withdrawn-by-teacher',
        },
        onGroup(3),
      ),
      publishedEvent('enrollment.ApplicationCancelled', { applicationId: w, region }, onGroup(4)),
      publishedEvent(
        'enrollment.CourseCompleted',
        {
          enrollmentId: x,
          region,
          organizationId: s1,
          offeringId: offering,
          providerId: providerA,
          programId: program,
          completedOn: '2026-05-20',
        },
        onGroup(5),
      ),
      publishedEvent(
        'enrollment.CourseNotCompleted',
        {
          applicationId: y,
          region,
          organizationId: s1,
          offeringId: offering,
          providerId: providerA,
          programId: program,
          code: 'failed-final-assessment',
          endedOn: '2026-05-20',
        },
        onGroup(6),
      ),
      publishedEvent(
        'enrollment.FeedbackGiven',
        {
          region,
          offeringId: offering,
          programId: program,
          providerId: providerA,
          ratings: { content: 5, practiceOrientation: 4, teachers: 5, organization: 4 },
        },
        onGroup(7),
      ),
      publishedEvent(
        'enrollment.FeedbackGiven',
        {
          region,
          offeringId: offering,
          programId: program,
          providerId: providerA,
          ratings: { content: 3, practiceOrientation: 4, teachers: 3, organization: 4 },
        },
        onGroup(8),
      ),
    ],
    expertise: [
      publishedEvent(
        'expertise.ReviewCaseOpened',
        { caseId: offering, region, providerId: providerA, programId: program },
        { subject: `review-case-${offering}`, time: '2026-03-02T09:00:00.000Z' },
      ),
      publishedEvent(
        'expertise.ReviewDecided',
        { caseId: offering, region, providerId: providerA, programId: program, outcome: 'approved' },
        { subject: `review-case-${offering}`, position: 4, time: '2026-03-06T09:00:00.000Z' },
      ),
    ],
    vouchers: [...redeemed(m1, providerA, 7_200), ...redeemed(m2, providerB, 2_400)],
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

  type Activity = {
    enrollments: Record<string, number | null>;
    groups: Record<string, number>;
    reviews: Record<string, number | null>;
    feedback: Record<string, number | null>;
    vouchers: {
      amount: number;
      providersServing: number;
      providers: { providerId: string; share: number }[];
    };
  };
  const read = async (query: string, principal: typeof ministry | typeof operator = ministry) => {
    const answer = await api
      .as(principal)
      .get<Activity>(`/statistics/activity?year=2026&region=${region}${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('gives the ministry the region’s year, as computed by hand', async () => {
    // the read model follows four topics: wait until the last fact of each has arrived
    await until(async () => {
      const body = await read('');
      return (
        body.enrollments['failedFinalAssessment'] === 1 &&
        body.enrollments['withdrawnBeforeConfirmation'] === 1 &&
        body.feedback['ratings'] === 2 &&
        body.groups['started'] === 1 &&
        body.reviews['approved'] === 1 &&
        body.vouchers.providersServing === 2
      );
    }, 'the case in the read model');
    const body = await read('');
    expect(body.enrollments).toEqual({
      confirmed: 3,
      cancelled: 1,
      completed: 1,
      droppedOut: 0,
      failedFinalAssessment: 1,
      didNotAttend: 0,
      notCompleted: 1,
      withdrawnBeforeConfirmation: 1,
    });
    expect(body.groups).toEqual({ started: 1, cancelled: 0 });
    expect(body.reviews).toEqual({ approved: 1, returned: 0, rejected: 0, averageDays: 4 });
    // (5 + 3) / 2, (4 + 4) / 2, (5 + 3) / 2, (4 + 4) / 2
    expect(body.feedback).toEqual({
      ratings: 2,
      content: 4,
      practiceOrientation: 4,
      teachers: 4,
      organization: 4,
    });
    expect(body.vouchers).toMatchObject({ amount: 9_600, providersServing: 2 });
    expect(body.vouchers.providers.map(({ providerId, share }) => [providerId, share])).toEqual([
      [providerA, 75],
      [providerB, 25],
    ]);
  });

  it('gives the operator their municipality only: S1’s applications and M1’s voucher money', async () => {
    // a municipality's schools come from another read model (samara-counts' catalog part), which
    // follows the catalog's topic with a consumer of its own: it may still be catching up
    let own = await read('', operator);
    await until(
      async () => (own = await read('', operator)).enrollments['confirmed'] === 2,
      'the operator’s municipality to hold its schools’ enrollments',
    );
    expect(own.enrollments).toMatchObject({
      confirmed: 2,
      cancelled: 0,
      completed: 1,
      failedFinalAssessment: 1,
    });
    expect(own.vouchers.providers.map(({ providerId, share }) => [providerId, share])).toEqual([
      [providerA, 100],
    ]);
    expect(
      (await api.as(operator).get(`/statistics/activity?year=2026&region=${region}&municipalityId=${m2}`))
        .status,
    ).toBe(403);
    // provider B ran no course: its enrollments are none, its share of M2's money whole
    const providerBInM2 = await read(`&municipalityId=${m2}&providerId=${providerB}`);
    expect(providerBInM2.enrollments).toMatchObject({ confirmed: 0 });
    expect(providerBInM2.vouchers.providers).toEqual([
      { providerId: providerB, blocks: 1, amount: 2_400, share: 100 },
    ]);
  });
});

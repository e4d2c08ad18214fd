import { randomUUID } from 'node:crypto';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// Monitoring as it runs: other services' public events on Kafka, its read models in FerretDB, the
// Samara indicators read over HTTP. Two fresh municipalities of a region drawn at random (not
// Samara's, which the demo region fills), so what other runs leave on the shared stack never enters
// their figures. Coverage is the region's register: the uncovered deficit is R/05, which no
// integration spec's program develops (the contracts' example program develops R/01 and A/01.6).
//
// The case, by hand, for 2026 against 2025:
//   M1 has teachers A, B, C (school S1); M2 has teacher D (school S2).
//   Deficits: A — R/01 (2026) and R/05 (2026); B — R/01 (2025); D — none.
//   Approved program P1 develops R/01; program P2 (retraining, approved) develops B/05.6.
//   Completions in 2026: A of P1 (answers A's R/01), B of P2 (B/05.6 is no deficit of B's).
//   Trajectories: A for 2026, B for 2025.
jest.setTimeout(120_000);

describe('monitoring on Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [m1, m2, s1, s2, a, b, c, d, p1, p2] = Array.from({ length: 10 }, () => randomUUID());
  const ministry = { subject: 'minister', role: 'ministry-admin', region } as const;
  const operator = { subject: 'mmc', role: 'municipal-operator', region, municipality: m1 } as const;
  let api: ServiceApi;

  const teacher = (teacherId: string, organizationId: string, municipalityId: string) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId, region, organizationId, municipalityId, category: 'none', categorySince: null },
      { subject: `teacher-${teacherId}` },
    );
  const deficit = (teacherId: string, competency: 'R/01' | 'R/05', position: number, time: string) =>
    publishedEvent(
      'diagnostics.DeficitFound',
      { teacherId, region, organizationId: s1, municipalityId: m1, competency },
      { subject: `profile-${teacherId}`, position, time },
    );
  const completed = (teacherId: string, programId: string, kind: 'advanced-training' | 'retraining') => {
    const enrollmentId = randomUUID();
    return publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId, teacherId, region, organizationId: s1, programId, kind, completedOn: '2026-06-15' },
      { subject: `enrollment-${enrollmentId}`, position: 6 },
    );
  };

  const events: Record<'catalog' | 'diagnostics' | 'enrollment', EventEnvelope[]> = {
    catalog: [
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: m1, region },
        { subject: `municipality-${m1}` },
      ),
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: m2, region },
        { subject: `municipality-${m2}` },
      ),
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
        'catalog.ProgramApproved',
        { programId: p1, region, kind: 'advanced-training', competencies: ['R/01'] },
        { subject: `program-${p1}`, position: 3 },
      ),
      publishedEvent(
        'catalog.ProgramApproved',
        { programId: p2, region, kind: 'retraining', competencies: ['B/05.6'] },
        { subject: `program-${p2}`, position: 3 },
      ),
    ],
    diagnostics: [
      teacher(a, s1, m1),
      teacher(b, s1, m1),
      teacher(c, s1, m1),
      teacher(d, s2, m2),
      deficit(a, 'R/01', 0, '2026-02-01T09:00:00.000Z'),
      deficit(a, 'R/05', 1, '2026-02-01T09:00:01.000Z'),
      deficit(b, 'R/01', 0, '2025-02-01T09:00:00.000Z'),
      publishedEvent(
        'diagnostics.TrajectoryProposed',
        { teacherId: a, region, organizationId: s1, year: 2026 },
        { subject: `trajectory-${a}-2026` },
      ),
      publishedEvent(
        'diagnostics.TrajectoryProposed',
        { teacherId: b, region, organizationId: s1, year: 2025 },
        { subject: `trajectory-${b}-2025` },
      ),
    ],
    enrollment: [completed(a, p1, 'advanced-training'), completed(b, p2, 'retraining')],
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

  type Value = { numerator: number; denominator: number; percent: number | null; noData: string | null };
  type Indicators = { indicators: { id: string; current: Value; previous: Value; change: number | null }[] };
  const read = async (path: string, principal: typeof ministry | typeof operator = ministry) => {
    const answer = await api.as(principal).get<Indicators>(path);
    expect(answer.status).toBe(200);
    return new Map(answer.body.indicators.map((indicator) => [indicator.id, indicator]));
  };

  it("gives the operator their municipality's indicators, equal to the case computed by hand", async () => {
    const path = `/indicators/samara?year=2026&region=${region}`;
    // the read models follow the topics: wait until the last fact of each topic has arrived
    await until(async () => {
      const indicators = await read(path, operator);
      return (
        indicators.get('teachers-with-deficits')?.current.denominator === 3 &&
        indicators.get('teachers-retrained')?.current.numerator === 1 &&
        indicators.get('teachers-with-trajectories')?.previous.numerator === 1 &&
        indicators.get('deficit-competencies-covered')?.current.denominator === 2
      );
    }, 'the case in the read models');
    const own = await read(path, operator);
    // with deficits: A of 3 in 2026 (1/3 = 33.3 %), B of 3 in 2025 (33.3 %): no change
    expect(own.get('teachers-with-deficits')).toMatchObject({
      current: { numerator: 1, denominator: 3, percent: 33.3 },
      previous: { numerator: 1, denominator: 3, percent: 33.3 },
      change: 0,
    });
    // 2026's deficit competencies R/01 and R/05; only R/01 has an approved program: 1/2 = 50 %
    // 2025's: R/01, covered: 1/1 = 100 %; change 50 − 100 = −50
    expect(own.get('deficit-competencies-covered')).toMatchObject({
      current: { numerator: 1, denominator: 2, percent: 50 },
      previous: { numerator: 1, denominator: 1, percent: 100 },
      change: -50,
    });
    // trained on their deficits: A (P1 develops R/01); B's P2 develops B/05.6, no deficit of B's: 1/3
    expect(own.get('teachers-trained-on-deficits')).toMatchObject({
      current: { numerator: 1, denominator: 3, percent: 33.3 },
    });
    // trajectories: A in 2026, B in 2025: 1/3 each year
    expect(own.get('teachers-with-trajectories')).toMatchObject({
      current: { numerator: 1, percent: 33.3 },
      previous: { numerator: 1, percent: 33.3 },
      change: 0,
    });
    // retrained: B completed P2, a retraining, in 2026: 1/3; nobody in 2025: 0/3; +33.3 points
    expect(own.get('teachers-retrained')).toMatchObject({
      current: { numerator: 1, percent: 33.3 },
      previous: { numerator: 0, percent: 0 },
      change: 33.3,
    });
  });

  it('gives the ministry the other municipality: D alone, no deficit, so coverage has no data', async () => {
    const other = await read(`/indicators/samara?year=2026&region=${region}&municipalityId=${m2}`);
    expect(other.get('teachers-with-deficits')).toMatchObject({
      current: { numerator: 0, denominator: 1, percent: 0 },
    });
    expect(other.get('deficit-competencies-covered')).toMatchObject({
      current: { denominator: 0, percent: null, noData: expect.any(String) },
      change: null,
    });
    // and refuses that municipality to the first one's operator
    expect(
      (await api.as(operator).get(`/indicators/samara?year=2026&region=${region}&municipalityId=${m2}`))
        .status,
    ).toBe(403);
  });
});

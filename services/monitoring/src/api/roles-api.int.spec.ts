import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal } from '@pk/auth';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// The federal role and the school coordinator on monitoring as it runs: public events on Kafka, read
// models in FerretDB, the operator's record in PostgreSQL. A region drawn at random (not Samara's,
// which the demo region fills) with a fresh municipality M and schools S1 (teachers A, B, C) and S2
// (teacher D); what other runs leave in that region only adds to the region's totals, so those are
// compared between two readers, and the school's figures (fresh ids) are exact.
jest.setTimeout(120_000);

describe('monitoring: the federal role and the school coordinator (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-roles-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [m, s1, s2, a, b, c, d, offeringId, voucherId] = Array.from({ length: 9 }, () => randomUUID());
  const ministry: Principal = { subject: 'minister', role: 'ministry-admin', region };
  const operator: Principal = { subject: 'mmc-1', role: 'municipal-operator', region, municipality: m };
  const coordinator: Principal = { subject: 'coord-1', role: 'school-coordinator', region, organization: s1 };
  const federal: Principal = { subject: 'federal-1', role: 'federal-analyst', region: ALL_REGIONS };
  let api: ServiceApi;

  const teacher = (teacherId: string, organizationId: string) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      { teacherId, region, organizationId, municipalityId: m, category: 'none', categorySince: null },
      { subject: `teacher-${teacherId}` },
    );
  const confirmed = (teacherId: string, organizationId: string, position: number) =>
    publishedEvent(
      'enrollment.EnrollmentConfirmed',
      {
        applicationId: randomUUID(),
        teacherId,
        region,
        organizationId,
        offeringId,
        providerId: randomUUID(),
        programId: randomUUID(),
      },
      { subject: `group-${offeringId}`, position, time: '2026-03-01T09:00:00.000Z' },
    );
  const events: Record<'catalog' | 'diagnostics' | 'enrollment' | 'vouchers', EventEnvelope[]> = {
    catalog: [
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: m, region, name: 'Ирбейский район' },
        { subject: `municipality-${m}` },
      ),
      ...[s1, s2].map((organizationId) =>
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId, region, municipalityId: m },
          { subject: `organization-${organizationId}` },
        ),
      ),
    ],
    diagnostics: [teacher(a, s1), teacher(b, s1), teacher(c, s1), teacher(d, s2)],
    // S1: A and B enrolled; S2: D
    enrollment: [confirmed(a, s1, 0), confirmed(b, s1, 1), confirmed(d, s2, 2)],
    vouchers: [
      publishedEvent(
        'vouchers.VoucherIssued',
        {
          voucherId,
          teacherId: a,
          region,
          year: 2026,
          municipalityId: m,
          organizationId: s1,
          amount: 14_400,
        },
        { subject: `voucher-${voucherId}` },
      ),
    ],
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

  type School = {
    teachers: number;
    vouchers: { issued: number; issuedAmount: number };
    enrollments: { confirmed: number };
  };

  it("gives the school coordinator their school's figures, and refuses another school", async () => {
    // the read models follow four topics: wait until the last fact of each has arrived
    await until(async () => {
      const answer = await api.as(coordinator).get<School>(`/statistics/school?year=2026&region=${region}`);
      return (
        answer.status === 200 &&
        answer.body.teachers === 3 &&
        answer.body.vouchers.issued === 1 &&
        answer.body.enrollments.confirmed === 2
      );
    }, "S1's teachers, voucher and enrollments in the read models");
    // S1: A, B, C; A's voucher of 14 400; A's and B's enrollments
    expect(
      (await api.as(coordinator).get(`/statistics/school?year=2026&region=${region}`)).body,
    ).toMatchObject({
      organizationId: s1,
      municipalityId: m,
      teachers: 3,
      vouchers: { issued: 1, issuedAmount: 14_400 },
      enrollments: { confirmed: 2, cancelled: 0, completed: 0 },
    });
    await until(
      async () =>
        (
          await api
            .as(coordinator)
            .get<{ enrollments: { confirmed: number } }>(`/statistics/activity?year=2026&region=${region}`)
        ).body.enrollments?.confirmed === 2,
      "S1's enrollments in the activity statistics",
    );
    expect(
      (await api.as(coordinator).get(`/statistics/activity?year=2026&region=${region}`)).body,
    ).toMatchObject({ organizationId: s1, enrollments: { confirmed: 2 }, vouchers: null });
    for (const path of [
      `/statistics/school?year=2026&region=${region}&organizationId=${s2}`,
      `/statistics/activity?year=2026&region=${region}&organizationId=${s2}`,
    ]) {
      const refused = await api.as(coordinator).get(path);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).toMatch(/не даёт доступа к organization/);
    }
    // the municipal operator reads S2, a school of their municipality: D alone
    const s2Path = `/statistics/school?year=2026&region=${region}&organizationId=${s2}`;
    await until(async () => {
      const answer = await api.as(operator).get<School>(s2Path);
      return answer.status === 200 && answer.body.teachers === 1 && answer.body.enrollments.confirmed === 1;
    }, "S2's teacher and enrollment in the read models");
    expect((await api.as(operator).get(s2Path)).body).toMatchObject({
      teachers: 1,
      enrollments: { confirmed: 1 },
    });
  });

  it('gives the federal role the region it names, and every region side by side as each reads itself', async () => {
    const own = await api
      .as(ministry)
      .get<{ territory: { teachers: number } }>(`/statistics/figures?year=2026`);
    expect(own.body.territory.teachers).toBeGreaterThanOrEqual(4);
    const named = await api.as(federal).get(`/statistics/figures?year=2026&region=${region}`);
    expect(named).toMatchObject({ status: 200, body: own.body });
    const unnamed = await api.as(federal).get('/statistics/figures?year=2026');
    expect(unnamed).toMatchObject({ status: 400, body: { code: 'region-required' } });

    type Regions = {
      regions: { region: string; figures: unknown; indicators: unknown }[];
      regionsWithoutData: number;
    };
    // the region's row is what the region reads of itself (read models still settling on other
    // topics would make two reads differ for a moment: asked again until they agree)
    const sideBySide = async () => {
      const [all, figures, samara] = await Promise.all([
        api.as(federal).get<Regions>('/statistics/regions?year=2026'),
        api.as(ministry).get('/statistics/figures?year=2026'),
        api.as(ministry).get<{ indicators: unknown }>('/indicators/samara?year=2026'),
      ]);
      return { all, figures, samara, row: all.body.regions?.find((one) => one.region === region) };
    };
    await until(async () => {
      const { row, figures, samara } = await sideBySide();
      return (
        JSON.stringify({ figures: row?.figures, indicators: row?.indicators }) ===
        JSON.stringify({ figures: figures.body, indicators: samara.body.indicators })
      );
    }, "the region's row equal to its own reads");
    const { all, row, figures, samara } = await sideBySide();
    expect(all.status).toBe(200);
    expect(row).toMatchObject({ figures: figures.body, indicators: samara.body.indicators });
    expect(all.body.regions.length + all.body.regionsWithoutData).toBe(REGION_CODES.length);
    // the side-by-side view is the federal role's alone; a region's reports are its own
    expect((await api.as(ministry).get('/statistics/regions?year=2026')).status).toBe(403);
    expect((await api.as(federal).get(`/reports?year=2026&region=${region}`)).status).toBe(403);
  });

  it("gives the federal role the Irbey answers without the operator's record", async () => {
    const recorded = await api
      .as(operator)
      .put(`/indicators/irbey/${m}/2026/criteria/1`, { met: true, comment: 'Размещено на сайте ММЦ' });
    expect(recorded.status).toBe(200);
    type Irbey = {
      municipalities: {
        municipalityId: string;
        total: { score: number };
        rows: { id: string; current: { met: boolean | null; recorded: { by: string } | null } }[];
      }[];
    };
    const rowOne = async (who: Principal) => {
      const answer = await api
        .as(who)
        .get<Irbey>(`/indicators/irbey?year=2026&region=${region}&municipalityId=${m}`);
      expect(answer.status).toBe(200);
      const municipality = answer.body.municipalities.find((one) => one.municipalityId === m)!;
      return {
        score: municipality.total.score,
        row: municipality.rows.find((row) => row.id === '1')!.current,
      };
    };
    await until(async () => (await rowOne(ministry)).row.met === true, "the operator's record read back");
    const asMinistry = await rowOne(ministry);
    expect(asMinistry.row.recorded).toMatchObject({ by: 'mmc-1' });
    expect(await rowOne(federal)).toEqual({
      score: asMinistry.score,
      row: { ...asMinistry.row, recorded: null },
    });
  });
});

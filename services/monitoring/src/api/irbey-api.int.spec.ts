import { randomUUID } from 'node:crypto';
import {
  type DeficitFoundV1,
  type EnrollmentConfirmedV1,
  type EventEnvelope,
  publicTopic,
  REGION_CODES,
} from '@pk/contracts';
import { type EventStore, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { EVENT_STORE, ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import ExcelJS from 'exceljs';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// The Irbey monitoring and a report as they run: other services' public events on Kafka, the
// read models in FerretDB, the operator's record in monitoring's PostgreSQL event store, the report
// kept in its schema and read again by a service started anew. A fresh municipality of a region
// drawn at random (not Samara's, which the demo fills).
//
// The case, by hand, for 2026. Municipality M: school S1 (teachers A, B, C), school S2 (D).
//   Program P approved: R/01, distance, for teachers, no employers in its assessment.
//   Deficits: A R/01 by ГИА analysis, B R/01 by a municipal survey. D took an instrument.
//   Enrollments in one group of P from S1: A and B by voucher, C by the employer — a team of three.
//   A and B completed P; C did not. The operator records row 1 «Да».
//
//   2.2a (B) and 2.2b (A) «Да», 2.2c and 2.3 «Нет»; 3.4 (D) «Да»; 3.5 = 0/4; 3.6 = 1/2 schools;
//   3.7 = 0/1 programs as internships; 4 = 2/3 = 66.7 %; q1.1 = 1/1; q1.2 (A, B, D), q1.3 (C),
//   q1.4 (A, B), q1.5 (R/01), q1.6 (P) «Да»; q1.7, q1.8, q2.2 «Нет».
//   Score: 1 (row 1) + 3 + 5 + 1 (row 4) = 10 of 26, 11 operator rows unrecorded.
jest.setTimeout(180_000);

describe('Irbey monitoring and reports on Kafka, FerretDB and PostgreSQL (integration)', () => {
  const bus = new KafkaMessageBus({
    clientId: 'monitoring-irbey-int',
    brokers: serverEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const regions = REGION_CODES.filter((code) => code !== '63');
  const region = regions[Math.floor(Math.random() * regions.length)]!;
  const [m, s1, s2, a, b, c, d, p, offering] = Array.from({ length: 9 }, () => randomUUID());
  const operator = { subject: 'mmc-irbey', role: 'municipal-operator', region, municipality: m } as const;
  let api: ServiceApi;

  const teacher = (teacherId: string, organizationId: string) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      {
        teacherId,
        region,
        organizationId,
        municipalityId: m,
        position: 'teacher',
        education: 'higher-pedagogical',
        category: 'none',
        categorySince: null,
      },
      { subject: `teacher-${teacherId}` },
    );
  const deficit = (teacherId: string, source: DeficitFoundV1['source']) =>
    publishedEvent(
      'diagnostics.DeficitFound',
      { teacherId, region, organizationId: s1, municipalityId: m, competency: 'R/01', source },
      { subject: `profile-${teacherId}`, time: '2026-02-10T09:00:00.000Z' },
    );
  const confirmed = (applicationId: string, teacherId: string, route: EnrollmentConfirmedV1['route']) =>
    publishedEvent(
      'enrollment.EnrollmentConfirmed',
      { applicationId, teacherId, region, organizationId: s1, offeringId: offering, programId: p, route },
      { subject: `group-${offering}`, time: '2026-03-02T09:00:00.000Z' },
    );
  const completed = (teacherId: string) => {
    const enrollmentId = randomUUID();
    return publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId, teacherId, region, organizationId: s1, programId: p, completedOn: '2026-05-20' },
      { subject: `enrollment-${enrollmentId}`, position: 4 },
    );
  };

  const events: Record<'catalog' | 'diagnostics' | 'enrollment', EventEnvelope[]> = {
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
      publishedEvent(
        'catalog.ProgramApproved',
        {
          programId: p,
          region,
          title: 'Функциональная грамотность на уроке',
          competencies: ['R/01'],
          format: 'distance',
          kind: 'advanced-training',
          targetPositions: ['teacher'],
          employerAssessment: false,
        },
        { subject: `program-${p}`, position: 5 },
      ),
    ],
    diagnostics: [
      teacher(a, s1),
      teacher(b, s1),
      teacher(c, s1),
      teacher(d, s2),
      deficit(a, 'exam-analysis'),
      deficit(b, 'municipal-survey'),
      publishedEvent(
        'diagnostics.AttemptScored',
        { attemptId: randomUUID(), teacherId: d, region, organizationId: s2, municipalityId: m },
        { subject: `attempt-${randomUUID()}`, time: '2026-02-10T08:00:00.000Z' },
      ),
    ],
    enrollment: [
      confirmed(randomUUID(), a, 'voucher'),
      confirmed(randomUUID(), b, 'voucher'),
      confirmed(randomUUID(), c, 'employer'),
      completed(a),
      completed(b),
      publishedEvent(
        'enrollment.CourseNotCompleted',
        {
          applicationId: randomUUID(),
          teacherId: c,
          region,
          organizationId: s1,
          offeringId: offering,
          programId: p,
          endedOn: '2026-06-01',
        },
        { subject: `group-${offering}`, position: 9 },
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

  type Row = { id: string; current: Record<string, unknown> };
  type Municipality = { rows: Row[]; total: { score: number; max: number; unrecorded: number } };
  const irbey = async (): Promise<Municipality> => {
    const answer = await api
      .as(operator)
      .get<{ municipalities: Municipality[] }>('/indicators/irbey?year=2026');
    expect(answer.status).toBe(200);
    return answer.body.municipalities[0]!;
  };

  it("records the operator's row in the event store and scores the case computed by hand", async () => {
    // the record needs the municipality in the read model (404 until it arrives)
    await until(
      async () =>
        (
          await api
            .as(operator)
            .put(`/indicators/irbey/${m}/2026/criteria/1`, { met: true, comment: 'сайт ММЦ' })
        ).status === 200,
      'the municipality in the read model',
    );
    const stored = await api.app.get<EventStore>(EVENT_STORE).readStream(`irbey-criteria-${m}-2026`);
    expect(stored.map((event) => [event.type, event.actor.id])).toEqual([
      ['monitoring.IrbeyCriterionRecorded', 'mmc-irbey'],
    ]);
    // the read models follow the topics: wait until the last fact of each has arrived
    await until(async () => {
      const rows = new Map((await irbey()).rows.map((row) => [row.id, row.current]));
      return (
        rows.get('4')?.['denominator'] === 3 &&
        rows.get('3.6')?.['numerator'] === 1 &&
        rows.get('q1.1')?.['denominator'] === 1 &&
        rows.get('3.4')?.['met'] === true &&
        rows.get('2.2a')?.['met'] === true &&
        rows.get('3.5')?.['denominator'] === 4 &&
        rows.get('q1.6')?.['met'] === true
      );
    }, 'the case in the read models');
    const municipality = await irbey();
    const row = (id: string) => municipality.rows.find((r) => r.id === id)!.current;
    expect(row('1')).toMatchObject({ met: true, recorded: { by: 'mmc-irbey', comment: 'сайт ММЦ' } });
    expect([row('2.2a')['met'], row('2.2b')['met'], row('2.2c')['met'], row('2.3')['met']]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(row('3.5')).toMatchObject({ numerator: 0, denominator: 4, percent: 0 });
    expect(row('3.6')).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    expect(row('3.7')).toMatchObject({ numerator: 0, denominator: 1, percent: 0 });
    expect(row('4')).toMatchObject({ numerator: 2, denominator: 3, percent: 66.7, score: 1 });
    expect(row('q1.1')).toMatchObject({ numerator: 1, denominator: 1, percent: 100 });
    expect(
      ['q1.2', 'q1.3', 'q1.4', 'q1.5', 'q1.6', 'q1.7', 'q1.8', 'q2.2'].map((id) => row(id)['met']),
    ).toEqual([true, true, true, true, true, false, false, false]);
    expect(municipality.total).toEqual({ score: 1 + 3 + 5 + 1, max: 26, unrecorded: 11 });
  });

  it('keeps an issued report in PostgreSQL: a service started anew serves it as issued', async () => {
    const issued = await api.as(operator).post<{ reportId: string }>('/reports', { year: 2026 });
    expect(issued.status).toBe(201);
    const { reportId } = issued.body;
    const xlsx = await api.as(operator).get(`/reports/${reportId}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.bytes!) as unknown as ArrayBuffer);
    const total = book
      .getWorksheet('Показатели Ирбей')!
      .getSheetValues()
      .find((values) => Array.isArray(values) && values[2] === 'Итого') as unknown[];
    expect(total[5]).toBe(10);
    const csv = (await api.as(operator).get(`/reports/${reportId}.csv`)).text!;
    expect(csv).toContain(`irbey-total;${m};Ирбейский район;total;Итоговый балл из 26;2026;10;26;`);
    const pdf = await api.as(operator).get(`/reports/${reportId}.pdf`);
    expect(Buffer.from(pdf.bytes!).subarray(0, 5).toString()).toBe('%PDF-');

    await api.close();
    api = await startServiceApi('monitoring', [ServiceKit.forService(service)]);
    expect((await api.as(operator).get(`/reports/${reportId}.csv`)).text).toBe(csv);
    const list = await api.as(operator).get<{ items: { reportId: string }[] }>('/reports?year=2026');
    expect(list.body.items.map((item) => item.reportId)).toEqual([reportId]);
  });
});

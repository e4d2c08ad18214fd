import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import {
  publishedEvent,
  reactionsFromNow,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { service } from '../service';

// Enrollment as it runs: catalog's offerings and vouchers' answers arrive on Kafka, decisions are
// appended to PostgreSQL under optimistic concurrency, requests come over HTTP. The shared stack
// outlives runs: every offering here is new, in a region drawn for the run.
jest.setTimeout(300_000);

/** How many teachers apply at once for the 25 places; ENROLLMENT_BURST=500 is the figure. */
const BURST = Number(process.env['ENROLLMENT_BURST'] ?? 100);

describe('enrollment on PostgreSQL and Kafka (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'enrollment-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const coordinator: Principal = {
    subject: 'coord',
    role: 'school-coordinator',
    region,
    organization: ids.school,
  };
  const teacher = (): Principal => ({ subject: randomUUID(), role: 'teacher', region });
  let api: ServiceApi;

  beforeAll(async () => {
    await reactionsFromNow('enrollment');
    api = await startServiceApi('enrollment', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
    await pool.end();
  });

  const streamOf = async (offeringId: string) =>
    (
      await pool.query<{ type: string; data: Record<string, unknown> }>(
        'select type, data from enrollment.events where stream_id = $1 order by stream_position',
        [`group-${offeringId}`],
      )
    ).rows;

  /** An offering as catalog publishes it, once enrollment has its group. */
  async function offering(capacity: number, minimumGroupSize = 1) {
    const opened = offeringOpened({ region, capacity, minimumGroupSize });
    await bus.publish(publicTopic('catalog'), [toMessage(opened)]);
    const { offeringId } = opened.data;
    await until(
      async () => (await api.as(admin).get(`/offerings/${offeringId}/group`)).status === 200,
      'the group',
    );
    return offeringId;
  }

  const read = async (offeringId: string, applicationId: string) =>
    (await api.as(admin).get(`/offerings/${offeringId}/applications/${applicationId}`)).body;

  it('the voucher route over Kafka: requested, reserved and confirmed; refused with vouchers’ reason', async () => {
    const offeringId = await offering(3);
    const applicant = teacher();
    const apply = async (who = teacher()) =>
      (
        await api
          .as(who)
          .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'voucher' })
      ).body['applicationId'] as string;
    const [first, second] = [await apply(applicant), await apply()];
    for (const applicationId of [first, second]) {
      const approval = await api
        .as(coordinator)
        .post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
      expect(approval.status).toBe(201);
    }
    const requests = (await streamOf(offeringId)).filter(
      (e) => e.type === 'enrollment.VoucherBlockRequested',
    );
    expect(requests.map((e) => e.data['applicationId'])).toEqual([first, second]);

    // vouchers' answers, as vouchers publishes them on its topic: the request's fields it repeats
    const repeated = (data: Record<string, unknown>) => {
      const { organizationId: _school, ...rest } = data as { organizationId: string; year: number };
      return rest;
    };
    const reserved = publishedEvent('vouchers.BlockReserved', { ...repeated(requests[0]!.data), block: 1 });
    const refused = publishedEvent('vouchers.BlockReservationRefused', {
      ...repeated(requests[1]!.data),
      code: 'no-free-block',
      message: 'блок: на ИОЧ нет свободного блока',
    });
    await bus.publish(publicTopic('vouchers'), [toMessage(reserved), toMessage(refused)]);
    await until(async () => (await read(offeringId, first))['status'] === 'confirmed', 'the first confirmed');
    await until(async () => (await read(offeringId, second))['status'] === 'refused', 'the second refused');
    expect(await read(offeringId, second)).toMatchObject({
      closed: { code: 'no-free-block', reason: 'блок: на ИОЧ нет свободного блока' },
    });
    expect((await streamOf(offeringId)).map((e) => e.type)).toContain('enrollment.EnrollmentConfirmed');
    // the teacher's own list, from the table beside the events and the group's stream
    expect((await api.as(applicant).get(`/teachers/${applicant.subject}/applications`)).body).toMatchObject({
      applications: [{ applicationId: first, offeringId, status: 'confirmed' }],
    });
  });

  it(`${BURST} teachers at once for 25 places: exactly 25 seated, the rest waitlisted in order`, async () => {
    const offeringId = await offering(25);
    const answers = await Promise.all(
      Array.from({ length: BURST }, () =>
        api
          .as(teacher())
          .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'employer' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const submitted = (await streamOf(offeringId)).filter(
      (e) => e.type === 'enrollment.ApplicationSubmitted',
    );
    expect(submitted).toHaveLength(BURST);
    // in the stream's order, which is the order of application: the first 25 seated, the rest waiting
    expect(submitted.map((e) => e.data['place'])).toEqual(
      submitted.map((_, i) => (i < 25 ? 'seat' : 'waitlist')),
    );
    const group = (await api.as(admin).get(`/offerings/${offeringId}/group`)).body as {
      places: { applicationId: string }[];
      waitlist: { applicationId: string; waitlistPosition: number }[];
    };
    expect(group.places).toHaveLength(25);
    expect(group.waitlist.map((a) => a.applicationId)).toEqual(
      submitted.slice(25).map((e) => e.data['applicationId']),
    );

    // a withdrawal promotes the first in line
    const leaving = group.places[0]!.applicationId;
    const owner = submitted.find((e) => e.data['applicationId'] === leaving)!.data['teacherId'] as string;
    const withdrawal = await api
      .as({ subject: owner, role: 'teacher', region })
      .post(`/offerings/${offeringId}/applications/${leaving}/withdrawal`, { reason: 'болезнь' });
    expect(withdrawal.status).toBe(201);
    expect(await read(offeringId, group.waitlist[0]!.applicationId)).toMatchObject({ place: 'seat' });
  });

  it("the ministry's quota and state-assignment list: seated, waitlisted, refused, and no one twice", async () => {
    const offeringId = await offering(3);
    const quota = await api.as(admin).put(`/offerings/${offeringId}/state-assignment-quota`, { places: 3 });
    expect(quota.status).toBe(200);
    // a place taken by the employer route first: the list's third row waits for a place
    const employed = await api
      .as(teacher())
      .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'employer' });
    expect(employed.status).toBe(201);
    const rows = Array.from({ length: 4 }, () => ({ teacherId: randomUUID(), organizationId: ids.school }));
    const list = () =>
      api.as(admin).post(`/offerings/${offeringId}/state-assignment-list`, { teachers: rows });
    const report = await list();
    expect(report).toMatchObject({
      status: 201,
      body: { enrolled: 2, waitlisted: 1, unchanged: 0, refused: 1, stateAssignment: { quota: 3, taken: 3 } },
    });
    expect(
      (report.body['rows'] as { outcome: string; code?: string }[]).map((r) => r.code ?? r.outcome),
    ).toEqual(['enrolled', 'enrolled', 'waitlisted', 'state-assignment-quota-exhausted']);
    const stored = await streamOf(offeringId);
    // the same list again: every row as it stands, the last still refused, nothing appended
    expect((await list()).body).toMatchObject({ enrolled: 0, waitlisted: 0, unchanged: 3, refused: 1 });
    expect(await streamOf(offeringId)).toHaveLength(stored.length);
    const confirmed = stored.filter((e) => e.type === 'enrollment.EnrollmentConfirmed');
    expect(confirmed.map((e) => [e.data['teacherId'], e.data['route']])).toEqual([
      [rows[0]!.teacherId, 'state-assignment'],
      [rows[1]!.teacherId, 'state-assignment'],
    ]);
  });

  it('at the deadline a group below its minimum is cancelled and everyone told why', async () => {
    const offeringId = await offering(10, 3);
    const applied = await api
      .as(teacher())
      .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'employer' });
    const applicationId = applied.body['applicationId'] as string;
    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.OfferingClosed',
          { offeringId, region },
          { subject: `offering-${offeringId}` },
        ),
      ),
    ]);
    await until(
      async () => (await read(offeringId, applicationId))['status'] === 'group-cancelled',
      'cancelled',
    );
    expect(await read(offeringId, applicationId)).toMatchObject({
      closed: { code: 'group-below-minimum', reason: 'группа не набрана: 1 из минимальных 3 мест' },
    });
  });
});

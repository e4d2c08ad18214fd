import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import {
  type ApiAnswer,
  publishedEvent,
  serverEndpoints,
  type ServiceApi,
  reactionsFromNow,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { organizationRegistered, place, programApproved, teacherRegistered } from '../../test/world.fixtures';
import { service } from '../service';

// Vouchers as it runs: teachers, organizations and programs arrive on diagnostics' and catalog's
// topics into replicas in FerretDB; decisions are appended to PostgreSQL under optimistic concurrency;
// enrollment's requests and outcomes arrive on its topic. The shared stack outlives runs: each run
// takes a region and a year of its own.
jest.setTimeout(120_000);

describe('vouchers on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'vouchers-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const year = 2040 + Math.floor(Math.random() * 60);
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const tariff = { variable: 250, internship: 300 };
  let api: ServiceApi;

  beforeAll(async () => {
    await reactionsFromNow('vouchers');
    api = await startServiceApi('vouchers', [ServiceKit.forService(service)]);
    expect((await api.as(admin).put(`/tariffs/${region}/${year}`, { costPerHour: tariff })).status).toBe(200);
    expect((await api.as(admin).put(`/budgets/${region}/${year}`, { amount: 10_000_000 })).status).toBe(200);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
    await pool.end();
  });

  const streamOf = async (streamId: string) =>
    (
      await pool.query<{ type: string; data: Record<string, unknown> }>(
        'select type, data from vouchers.events where stream_id = $1 order by stream_position',
        [streamId],
      )
    ).rows;

  /** A municipality with an allotment, an organization of a kind, and a provider under contract. */
  async function municipality(allotment: number, kind: 'school' | 'vocational-college' = 'school') {
    const at = place({ region, kind });
    const allotted = await api.as(admin).post(`/budgets/${region}/${year}/allotments`, {
      municipalityId: at.municipalityId,
      amount: allotment,
    });
    expect(allotted.status).toBe(201);
    const providerId = randomUUID();
    const signed = await api.as(admin).post('/contracts', {
      region,
      year,
      providerId,
      number: `ИОЧ-${year}/${providerId.slice(0, 4)}`,
      // signed today for a later year: in force from today, when the reservations below are made
      signedOn: new Date().toISOString().slice(0, 10),
      validUntil: `${year}-12-31`,
    });
    expect(signed.status).toBe(201);
    await bus.publish(publicTopic('catalog'), [toMessage(organizationRegistered(at))]);
    return { at, providerId };
  }

  async function publishTeachers(...teachers: EventEnvelope[]) {
    await bus.publish(publicTopic('diagnostics'), teachers.map(toMessage));
  }

  /** Issues once the replicas know the teacher (503 replica-behind until then). */
  async function issue(teacherId: string): Promise<ApiAnswer> {
    let answer: ApiAnswer = { status: 0, contentType: '', etag: null, body: {} };
    await until(async () => {
      answer = await api.as(admin).post('/vouchers', { teacherId, region, year });
      return answer.status !== 503;
    }, `the teacher ${teacherId} in the replicas`);
    return answer;
  }

  async function approved(program: ReturnType<typeof programApproved>) {
    await bus.publish(publicTopic('catalog'), [toMessage(program)]);
  }

  it('many simultaneous reservations of one block: exactly one wins, the rest a clear refusal, nothing half-written', async () => {
    const { at, providerId } = await municipality(1_000_000, 'vocational-college');
    const teacher = teacherRegistered(at, {
      position: 'industrial-training-master',
      subjects: ['vocational-training'],
    });
    await publishTeachers(teacher);
    const issued = await issue(teacher.data.teacherId);
    expect(issued.status).toBe(201);
    const voucherId = issued.body['voucherId'] as string;
    const internship = programApproved({ region, providerId, hours: 54, format: 'internship', subjects: [] });
    await approved(internship);
    const reservation = () => ({
      region,
      requestId: randomUUID(),
      applicationId: randomUUID(),
      programId: internship.data.programId,
      offeringId: randomUUID(),
      providerId,
    });
    // the program in the replica first: a 503 is the lag, not the race under test
    await until(async () => {
      const probe = await api
        .as(admin)
        .post(`/vouchers/${voucherId}/reservations`, { ...reservation(), programId: randomUUID() });
      return probe.status === 422 || probe.status === 201;
    }, 'the replica caught up');
    await until(
      async () => (await api.as(admin).get(`/vouchers/${voucherId}`)).status === 200,
      'the voucher',
    );

    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.as(admin).post(`/vouchers/${voucherId}/reservations`, reservation()),
      ),
    );

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refusals = answers.filter((a) => a.status !== 201);
    expect(refusals.map((a) => [a.status, a.body['code']])).toEqual(Array(11).fill([422, 'no-free-block']));
    expect(String(refusals[0]!.body['detail'])).toMatch(/не осталось свободного блока стажировки/);
    expect((await streamOf(`voucher-${voucherId}`)).map((e) => e.type)).toEqual([
      'vouchers.VoucherIssued',
      'vouchers.BlockReserved',
    ]);
  });

  it('many simultaneous issues against the last of an allotment never exceed it', async () => {
    const { at } = await municipality(3 * 18_000 + 10_000); // room for three 72-hour vouchers
    const teachers = Array.from({ length: 10 }, () => teacherRegistered(at));
    await publishTeachers(...teachers);
    // every teacher in the replica first (a 404 is not possible: they were published)
    const probe = teacherRegistered(at);
    await publishTeachers(probe);
    expect((await issue(probe.data.teacherId)).status).toBe(201);

    const answers = await Promise.all(
      teachers.map((t) => api.as(admin).post('/vouchers', { teacherId: t.data.teacherId, region, year })),
    );

    expect(answers.filter((a) => a.status === 201)).toHaveLength(2); // the probe took the first place
    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body['code']])).toEqual(
      Array(8).fill([422, 'budget-exhausted']),
    );
    const allotment = await streamOf(`allotment-${region}-${year}-${at.municipalityId}`);
    const committed = allotment.filter((e) => e.type === 'vouchers.VouchersCommitted');
    expect(committed).toHaveLength(3);
    expect(committed.at(-1)!.data['committed']).toBe(54_000);
    expect(
      (await api.as(admin).get(`/budgets/${region}/${year}/allotments/${at.municipalityId}`)).body,
    ).toMatchObject({
      committed: 54_000,
      left: 10_000,
    });
  });

  it('reacts to enrollment: a request reserves, a completion redeems (the provider is owed), a cancellation releases', async () => {
    const { at, providerId } = await municipality(100_000);
    const teacher = teacherRegistered(at);
    await publishTeachers(teacher);
    const issued = await issue(teacher.data.teacherId);
    expect(issued.status).toBe(201);
    const voucherId = issued.body['voucherId'] as string;
    const program = programApproved({ region, providerId });
    await approved(program);

    const request = (applicationId: string) =>
      publishedEvent(
        'enrollment.VoucherBlockRequested',
        {
          requestId: randomUUID(),
          applicationId,
          teacherId: teacher.data.teacherId,
          region,
          year,
          organizationId: at.organizationId,
          programId: program.data.programId,
          offeringId: randomUUID(),
          providerId,
        },
        // asked now: the contract is judged on the day of the request, and it was signed today
        { subject: `enrollment-${applicationId}`, position: 1, time: new Date().toISOString() },
      );
    const completing = request(randomUUID());
    const cancelling = request(randomUUID());
    await bus.publish(publicTopic('enrollment'), [toMessage(completing), toMessage(cancelling)]);
    await until(
      async () =>
        (await streamOf(`voucher-${voucherId}`)).filter((e) => e.type === 'vouchers.BlockReserved').length ===
        2,
      'both blocks reserved from enrollment requests',
    );

    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      {
        enrollmentId: completing.data.applicationId,
        teacherId: teacher.data.teacherId,
        region,
        organizationId: at.organizationId,
        programId: program.data.programId,
        offeringId: completing.data.offeringId,
        providerId,
        hours: 36,
        completedOn: `${year}-04-17`,
      },
      { subject: `enrollment-${completing.data.applicationId}`, position: 4 },
    );
    const cancelled = publishedEvent(
      'enrollment.ApplicationCancelled',
      { applicationId: cancelling.data.applicationId, teacherId: teacher.data.teacherId, region },
      { subject: `enrollment-${cancelling.data.applicationId}`, position: 2 },
    );
    await bus.publish(publicTopic('enrollment'), [toMessage(completed), toMessage(cancelled)]);
    await until(async () => {
      const types = (await streamOf(`voucher-${voucherId}`)).map((e) => e.type);
      return types.includes('vouchers.BlockRedeemed') && types.includes('vouchers.BlockReleased');
    }, 'the completion redeemed and the cancellation released');

    const events = await streamOf(`voucher-${voucherId}`);
    expect(events.find((e) => e.type === 'vouchers.BlockRedeemed')!.data).toMatchObject({
      applicationId: completing.data.applicationId,
      providerId,
      contractId: expect.any(String),
      hours: 36,
      costPerHour: 250,
      amount: 9_000,
      certificateNumber: completed.data.certificateNumber,
    });
    expect(events.find((e) => e.type === 'vouchers.BlockReleased')!.data).toMatchObject({
      applicationId: cancelling.data.applicationId,
      cause: 'cancelled',
    });
    expect(events.filter((e) => e.type === 'vouchers.BlockRedeemed')).toHaveLength(1);
    const voucher = await api.as(admin).get(`/vouchers/${voucherId}`);
    expect((voucher.body['blocks'] as { status: string }[]).map((b) => b.status).sort()).toEqual([
      'free',
      'redeemed',
    ]);
  });

  it('expires what a voucher of an ended cycle has not spent, and gives its money back to the allotment', async () => {
    // a cycle already over: the expiry is due at once, so the deadline runs as the voucher is issued
    const ended = 2020 + Math.floor(Math.random() * 5);
    await api.as(admin).put(`/tariffs/${region}/${ended}`, { costPerHour: tariff });
    await api.as(admin).put(`/budgets/${region}/${ended}`, { amount: 10_000_000 });
    const at = place({ region });
    await api
      .as(admin)
      .post(`/budgets/${region}/${ended}/allotments`, { municipalityId: at.municipalityId, amount: 18_000 });
    await bus.publish(publicTopic('catalog'), [toMessage(organizationRegistered(at))]);
    const teacher = teacherRegistered(at);
    await publishTeachers(teacher);
    let answer: ApiAnswer = { status: 0, contentType: '', etag: null, body: {} };
    await until(async () => {
      answer = await api
        .as(admin)
        .post('/vouchers', { teacherId: teacher.data.teacherId, region, year: ended });
      return answer.status !== 503;
    }, 'the teacher in the replicas');
    expect(answer.status).toBe(201);
    const voucherId = answer.body['voucherId'] as string;
    await until(
      async () => (await streamOf(`voucher-${voucherId}`)).some((e) => e.type === 'vouchers.VoucherExpired'),
      'the voucher expired',
    );
    expect((await streamOf(`voucher-${voucherId}`)).map((e) => [e.type, e.data['unspentAmount']])).toEqual([
      ['vouchers.VoucherIssued', undefined],
      ['vouchers.VoucherExpired', 18_000],
    ]);
    await until(
      async () =>
        (await api.as(admin).get(`/budgets/${region}/${ended}/allotments/${at.municipalityId}`)).body[
          'committed'
        ] === 0,
      'the money back on the allotment',
    );
  });
});

import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { Scheduler } from '@pk/kernel';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import { organizationRegistered, place, programApproved, teacherRegistered } from '../../test/world.fixtures';
import { service } from '../service';
import { VoucherReactions } from './reactions.controller';

// Vouchers' write side on the in-memory kit: money, issue, reservations from enrollment's events and
// by hand, redemption, release, expiry, revocation, and who may call what. The same on servers:
// voucher-api.int.spec.ts.

const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };
const auditor: Principal = { subject: 'auditor-63', role: 'auditor', region: '63' };
const adminElsewhere: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
const tariff = { variable: 250, internship: 300 };

describe('vouchers HTTP API (in memory)', () => {
  let api: InMemoryService;
  let clock: TestClock;
  let reactions: VoucherReactions;

  beforeAll(async () => {
    clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
    api = await startInMemoryService(service, { clock });
    reactions = api.app.get(VoucherReactions);
  });
  afterAll(() => api.close());

  /** A year with its tariff and budget, a municipality's allotment, and a provider under contract. */
  async function year(y: number, allotment: number, at = place()) {
    expect((await api.as(admin).put(`/tariffs/63/${y}`, { costPerHour: tariff })).status).toBe(200);
    expect((await api.as(admin).put(`/budgets/63/${y}`, { amount: 10_000_000 })).status).toBe(200);
    const allotted = await api
      .as(admin)
      .post(`/budgets/63/${y}/allotments`, { municipalityId: at.municipalityId, amount: allotment });
    expect(allotted.status).toBe(201);
    const providerId = randomUUID();
    const signed = await api.as(admin).post('/contracts', {
      region: '63',
      year: y,
      providerId,
      number: `ИОЧ-${y}/1`,
      // signed before the test clock's day (2026-03-02), ahead for later years: in force when reserved
      signedOn: '2026-01-20',
      validUntil: `${y}-12-31`,
    });
    expect(signed.status).toBe(201);
    api.publish(organizationRegistered(at));
    return { at, providerId };
  }

  async function issued(
    y: number,
    at: ReturnType<typeof place>,
    fields: Parameters<typeof teacherRegistered>[1] = {},
  ) {
    const teacher = teacherRegistered(at, fields);
    api.publish(teacher);
    const answer = await api
      .as(admin)
      .post('/vouchers', { teacherId: teacher.data.teacherId, region: '63', year: y });
    return { teacher, answer, voucherId: answer.body['voucherId'] as string };
  }

  const typesOf = async (stream: string) => (await api.store.readStream(stream)).map((e) => e.type);

  it('issues a voucher on the allotment, and enrollment reserves, completes, and the provider is owed', async () => {
    const { at, providerId } = await year(2026, 40_000);
    const { answer, voucherId, teacher } = await issued(2026, at);
    expect(answer).toMatchObject({ status: 201, body: { voucherId: expect.any(String) } });
    expect(await typesOf(`voucher-${voucherId}`)).toEqual(['vouchers.VoucherIssued']);
    expect((await api.as(admin).get(`/budgets/63/2026/allotments/${at.municipalityId}`)).body).toMatchObject({
      allotment: 40_000,
      committed: 18_000,
      left: 22_000,
    });
    // the same issue again: the same voucher, committed once
    expect(
      (await api.as(admin).post('/vouchers', { teacherId: teacher.data.teacherId, region: '63', year: 2026 }))
        .body,
    ).toEqual({
      voucherId,
    });
    expect(
      (await api.as(admin).get(`/budgets/63/2026/allotments/${at.municipalityId}`)).body['committed'],
    ).toBe(18_000);

    const program = programApproved({ providerId });
    api.publish(program);
    const request = publishedEvent('enrollment.VoucherBlockRequested', {
      requestId: randomUUID(),
      applicationId: randomUUID(),
      teacherId: teacher.data.teacherId,
      region: '63',
      year: 2026,
      organizationId: at.organizationId,
      programId: program.data.programId,
      providerId,
    });
    expect(await reactions.onVoucherBlockRequested(request)).toMatchObject({ decided: 1 });
    // the same request again, as another event (enrollment sent it twice): reserved once
    expect(await reactions.onVoucherBlockRequested({ ...request, id: randomUUID() })).toMatchObject({
      decided: 1,
    });
    expect(await typesOf(`voucher-${voucherId}`)).toEqual([
      'vouchers.VoucherIssued',
      'vouchers.BlockReserved',
    ]);

    const completed = publishedEvent('enrollment.CourseCompleted', {
      enrollmentId: request.data.applicationId,
      teacherId: teacher.data.teacherId,
      providerId,
      programId: program.data.programId,
    });
    expect(await reactions.onCourseCompleted(completed)).toMatchObject({ decided: 1 });
    const [, , redeemed] = await api.store.readStream(`voucher-${voucherId}`);
    expect(redeemed).toMatchObject({
      type: 'vouchers.BlockRedeemed',
      data: {
        providerId,
        hours: 36,
        costPerHour: 250,
        amount: 9_000,
        applicationId: request.data.applicationId,
      },
    });
    const voucher = await api.as(auditor).get(`/vouchers/${voucherId}`);
    expect(voucher).toMatchObject({ status: 200, etag: '"2"' });
    expect(voucher.body['blocks']).toMatchObject([{ status: 'redeemed' }, { status: 'free' }]);
  });

  it('answers a request it must refuse with the reason, as an event enrollment reads', async () => {
    const { at } = await year(2027, 40_000);
    const { voucherId, teacher } = await issued(2027, at);
    const program = programApproved(); // its provider has no contract
    api.publish(program);
    const request = publishedEvent('enrollment.VoucherBlockRequested', {
      requestId: randomUUID(),
      applicationId: randomUUID(),
      teacherId: teacher.data.teacherId,
      year: 2027,
      programId: program.data.programId,
      providerId: program.data.providerId,
    });
    await reactions.onVoucherBlockRequested(request);
    const [, refused] = await api.store.readStream(`voucher-${voucherId}`);
    expect(refused).toMatchObject({
      type: 'vouchers.BlockReservationRefused',
      data: {
        requestId: request.data.requestId,
        code: 'provider-without-contract',
        message: expect.stringMatching(/договор/),
      },
    });
  });

  it('refuses a reservation after the provider contract’s last day: over HTTP a 422, to enrollment a refusal', async () => {
    const { at } = await year(2036, 40_000);
    const { voucherId, teacher } = await issued(2036, at);
    // another provider, whose contract of the year ended before the test clock's day (2026-03-02)
    const lapsed = randomUUID();
    const signed = await api.as(admin).post('/contracts', {
      region: '63',
      year: 2036,
      providerId: lapsed,
      number: 'ИОЧ-2036/2',
      signedOn: '2026-01-20',
      validUntil: '2026-02-28',
    });
    expect(signed.status).toBe(201);
    const program = programApproved({ providerId: lapsed });
    api.publish(program);
    const byHand = await api.as(admin).post(`/vouchers/${voucherId}/reservations`, {
      region: '63',
      requestId: randomUUID(),
      applicationId: randomUUID(),
      programId: program.data.programId,
      offeringId: randomUUID(),
      providerId: lapsed,
    });
    expect(byHand.status).toBe(422);
    expect(byHand.body).toMatchObject({
      code: 'provider-contract-expired',
      detail: expect.stringMatching(/срок действия договора .* истёк 2026-02-28/),
    });
    // enrollment's request made on the contract's last day is judged on that day, whenever it arrives
    const onLastDay = publishedEvent(
      'enrollment.VoucherBlockRequested',
      {
        requestId: randomUUID(),
        applicationId: randomUUID(),
        teacherId: teacher.data.teacherId,
        year: 2036,
        programId: program.data.programId,
        providerId: lapsed,
      },
      { time: '2026-02-28T12:00:00.000Z' },
    );
    await reactions.onVoucherBlockRequested(onLastDay);
    expect(await typesOf(`voucher-${voucherId}`)).toContain('vouchers.BlockReserved');
  });

  it('never commits past the allotment, however many ask at once', async () => {
    const { at } = await year(2028, 40_000); // room for two
    const teachers = Array.from({ length: 6 }, () => teacherRegistered(at));
    api.publish(...teachers);
    const answers = await Promise.all(
      teachers.map((t) =>
        api.as(admin).post('/vouchers', { teacherId: t.data.teacherId, region: '63', year: 2028 }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body['code'])).toEqual(
      Array(4).fill('budget-exhausted'),
    );
    expect(
      (await api.as(admin).get(`/budgets/63/2028/allotments/${at.municipalityId}`)).body['committed'],
    ).toBe(36_000);
  });

  it('takes money back from an allotment to the budget, never below what its vouchers committed', async () => {
    const { at } = await year(2034, 40_000);
    expect((await issued(2034, at)).answer.status).toBe(201); // 18 000 committed
    const path = `/budgets/63/2034/allotments/${at.municipalityId}/reductions`;
    const tooMuch = await api.as(admin).post(path, { amount: 22_001 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({
      code: 'allotment-below-committed',
      detail: expect.stringMatching(/^amount: .*не больше 22000 ₽/),
    });
    expect((await api.as(admin).post(path, { amount: 12_000 })).status).toBe(201);
    expect((await api.as(admin).get(`/budgets/63/2034/allotments/${at.municipalityId}`)).body).toMatchObject({
      allotment: 28_000,
      committed: 18_000,
      left: 10_000,
    });
    // the money is back in the year's budget, and the ledger's totals show it
    expect((await api.as(admin).get('/budgets/63/2034')).body).toMatchObject({
      allotted: 28_000,
      municipalities: [{ municipalityId: at.municipalityId, allotted: 28_000 }],
    });
    expect(await typesOf(`budget-63-2034`)).toContain('vouchers.AllotmentReturned');
    const money = (await api.as(admin).get('/money/63/2034')).body;
    expect(money).toMatchObject({
      allotted: 28_000,
      committed: 18_000,
      municipalities: [expect.objectContaining({ municipalityId: at.municipalityId, allotment: 28_000 })],
    });
    // down to exactly what is committed, and not a rouble further
    expect((await api.as(admin).post(path, { amount: 10_000 })).status).toBe(201);
    expect((await api.as(admin).post(path, { amount: 1 })).body).toMatchObject({
      code: 'allotment-below-committed',
    });
  });

  it('refuses a reduction that is not a positive sum of roubles, naming the field', async () => {
    const path = `/budgets/63/2034/allotments/${randomUUID()}/reductions`;
    for (const amount of [0, -5, 1.5, '100']) {
      const answer = await api.as(admin).post(path, { amount });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('amount');
    }
  });

  it('allots no more than the budget', async () => {
    await api.as(admin).put('/budgets/63/2029', { amount: 50_000 });
    const first = await api
      .as(admin)
      .post('/budgets/63/2029/allotments', { municipalityId: randomUUID(), amount: 40_000 });
    const second = await api
      .as(admin)
      .post('/budgets/63/2029/allotments', { municipalityId: randomUUID(), amount: 20_000 });
    expect([first.status, second.status]).toEqual([201, 422]);
    expect(second.body).toMatchObject({
      code: 'budget-exhausted',
      detail: expect.stringMatching(/осталось 10000/),
    });
  });

  it('lets one of many simultaneous reservations of the one internship block win; the rest are refused, nothing stored', async () => {
    const { at, providerId } = await year(2030, 100_000, place({ kind: 'vocational-college' }));
    const { voucherId } = await issued(2030, at, {
      position: 'industrial-training-master',
      subjects: ['vocational-training'],
    });
    const internship = programApproved({ providerId, hours: 54, format: 'internship', subjects: [] });
    api.publish(internship);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.as(admin).post(`/vouchers/${voucherId}/reservations`, {
          region: '63',
          requestId: randomUUID(),
          applicationId: randomUUID(),
          programId: internship.data.programId,
          offeringId: randomUUID(),
          providerId,
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body['code'])).toEqual(
      Array(7).fill('no-free-block'),
    );
    expect(await typesOf(`voucher-${voucherId}`)).toEqual([
      'vouchers.VoucherIssued',
      'vouchers.BlockReserved',
    ]);
  });

  it('releases on cancellation, expires what is left at the end of the cycle, and gives its money back', async () => {
    const { at, providerId } = await year(2026, 40_000);
    const { voucherId, teacher } = await issued(2026, at);
    const program = programApproved({ providerId });
    api.publish(program);
    const request = publishedEvent('enrollment.VoucherBlockRequested', {
      requestId: randomUUID(),
      applicationId: randomUUID(),
      teacherId: teacher.data.teacherId,
      year: 2026,
      programId: program.data.programId,
      providerId,
    });
    await reactions.onVoucherBlockRequested(request);
    const cancelled = publishedEvent('enrollment.ApplicationCancelled', {
      applicationId: request.data.applicationId,
      teacherId: teacher.data.teacherId,
    });
    expect(await reactions.onApplicationCancelled(cancelled)).toMatchObject({ decided: 1 });
    expect(await reactions.onApplicationCancelled(cancelled)).toMatchObject({
      decided: 0,
      alreadyHandled: 1,
    });

    clock.set('2026-12-31T20:00:00Z'); // 1 January in Samara (UTC+4)
    await api.app.get(Scheduler).fireDue();
    expect(await typesOf(`voucher-${voucherId}`)).toEqual([
      'vouchers.VoucherIssued',
      'vouchers.BlockReserved',
      'vouchers.BlockReleased',
      'vouchers.VoucherExpired',
    ]);
    expect(
      (await api.as(admin).get(`/budgets/63/2026/allotments/${at.municipalityId}`)).body['committed'],
    ).toBe(0);
    clock.set('2026-03-02T09:00:00Z');
  });

  it('releases the block of a learner enrollment records as not completed (LearnerDroppedOut)', async () => {
    // enrollment's one rule: ApplicationCancelled before the course, LearnerDroppedOut after its start
    const { at, providerId } = await year(2026, 40_000);
    const { voucherId, teacher } = await issued(2026, at);
    const program = programApproved({ providerId });
    api.publish(program);
    const request = publishedEvent('enrollment.VoucherBlockRequested', {
      requestId: randomUUID(),
      applicationId: randomUUID(),
      teacherId: teacher.data.teacherId,
      year: 2026,
      programId: program.data.programId,
      providerId,
    });
    await reactions.onVoucherBlockRequested(request);
    const dropped = publishedEvent('enrollment.LearnerDroppedOut', {
      applicationId: request.data.applicationId,
      teacherId: teacher.data.teacherId,
      droppedOn: '2026-03-01',
      reason: 'итоговая аттестация не пройдена',
    });
    expect(await reactions.onLearnerDroppedOut(dropped)).toMatchObject({ decided: 1 });
    const released = (await api.store.readStream(`voucher-${voucherId}`)).at(-1)!;
    expect(released).toMatchObject({ type: 'vouchers.BlockReleased', data: { cause: 'dropout' } });
  });

  it('revokes with a reason, releasing what is reserved', async () => {
    const { at } = await year(2031, 40_000);
    const { voucherId } = await issued(2031, at);
    const revoked = await api
      .as(admin)
      .post(`/vouchers/${voucherId}/revocation`, { region: '63', reason: 'Педагог уволился' });
    expect(revoked.status).toBe(201);
    expect((await api.as(admin).get(`/vouchers/${voucherId}`)).body['status']).toBe('revoked');
    expect(
      (await api.as(admin).get(`/budgets/63/2031/allotments/${at.municipalityId}`)).body['committed'],
    ).toBe(0);
  });

  it('refuses a position the seed gives no voucher, and a teacher it does not know', async () => {
    const { at } = await year(2032, 40_000, place({ kind: 'vocational-college' }));
    const { answer } = await issued(2032, at, { position: 'methodist' });
    expect(answer).toMatchObject({ status: 422, body: { code: 'position-without-voucher' } });
    const unknown = await api
      .as(admin)
      .post('/vouchers', { teacherId: randomUUID(), region: '63', year: 2032 });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'teacher-not-found' } });
    const bad = await api.as(admin).post('/vouchers', { teacherId: 'x', region: '63', year: 1999 });
    expect(bad.status).toBe(400);
    expect(String(bad.body['detail'])).toMatch(/teacherId/);
  });

  it('admits each role only where it may: the auditor reads and never writes, another region sees nothing', async () => {
    const { at } = await year(2033, 40_000);
    const { voucherId } = await issued(2033, at);
    const teacher: Principal = { subject: 't', role: 'teacher', region: '63' };
    const cases: [Principal | null, 'get' | 'post', string, object | undefined, number][] = [
      [auditor, 'get', `/vouchers/${voucherId}`, undefined, 200],
      [auditor, 'get', '/budgets/63/2033', undefined, 200],
      [auditor, 'post', '/vouchers', { teacherId: randomUUID(), region: '63', year: 2033 }, 403],
      [auditor, 'post', `/vouchers/${voucherId}/revocation`, { region: '63', reason: 'нет' }, 403],
      [adminElsewhere, 'get', `/vouchers/${voucherId}`, undefined, 404],
      [adminElsewhere, 'get', '/budgets/63/2033', undefined, 403],
      [adminElsewhere, 'post', `/vouchers/${voucherId}/revocation`, { region: '63', reason: 'нет' }, 403],
      [teacher, 'get', `/vouchers/${voucherId}`, undefined, 403],
      [teacher, 'post', '/vouchers', { teacherId: randomUUID(), region: '63', year: 2033 }, 403],
      [null, 'get', `/vouchers/${voucherId}`, undefined, 401],
    ];
    for (const [who, method, path, body, status] of cases) {
      const client = who ? api.as(who) : api.anonymous;
      const answer = method === 'get' ? await client.get(path) : await client.post(path, body ?? {});
      expect({ who: who?.subject ?? 'anonymous', method, path, status: answer.status }).toEqual({
        who: who?.subject ?? 'anonymous',
        method,
        path,
        status,
      });
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { directoryId, type EventEnvelope, publicTopic, snilsCheckNumber } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { publishedEvent } from '@pk/test-kit';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import { eventually, importTeachers, programIntoRegister, stackClient, voucherYear } from './stack-client';

// A voucher's money over the real processes of the stack the e2e files share (this file's data is
// region 73's, which no other file uses): catalog registers the school and the provider, expertise
// takes the provider's program into the register, diagnostics imports the teacher from a CSV, and
// vouchers learns all three from their topics. The ministry sets the tariff, budget, allotment and the
// provider's contract and issues the voucher over HTTP; then this file acts as enrollment (which does
// not exist yet) and publishes its contract's events to its public topic: a request reserves a block,
// a completion redeems it and the provider is owed, a cancellation releases the other one, and a
// request for a program outside the register is refused. Vouchers' answers are read where enrollment
// will read them: vouchers' public topic.
describe('vouchers: issue → reserve → redeem → payable, and release, from enrollment events (e2e)', () => {
  let isolated: IsolatedStack;
  const client = stackClient(() => isolated);
  const { call } = client;
  let CATALOG: string;
  let EXPERTISE: string;
  let DIAGNOSTICS: string;
  let VOUCHERS: string;
  const region = '73';
  // the cycle is a calendar year: today's, so nothing expires before the test ends
  const year = new Date().getUTCFullYear();
  const costPerHour = { variable: 250, internship: 300 };
  const blockValue = 36 * costPerHour.variable;
  // directory ids are derived from region and ИНН or ОКТМО (npm run directory-id)
  const providerId = directoryId('provider', region, '7325000731');
  const municipalityId = directoryId('municipality', region, '73701000');
  const schoolId = directoryId('organization', region, '7326000732');
  const experts = [randomUUID(), randomUUID(), randomUUID()].map((organizationId) => ({
    expertId: randomUUID(),
    organizationId,
  }));
  const admin: Principal = { subject: 'admin-73', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'ulipkpro', role: 'provider', region, organization: providerId };

  // enrollment's side of the contract: its events in, vouchers' answers out
  let producer: Producer;
  let consumer: Consumer;
  const answers: EventEnvelope[] = [];
  let streamPosition = 0;

  async function publishAsEnrollment(event: EventEnvelope) {
    await producer.send({ topic: publicTopic('enrollment'), messages: [toMessage(event)] });
  }

  /** Vouchers' answer to a request on its topic: BlockReserved or BlockReservationRefused. */
  const answerTo = (requestId: string) =>
    eventually(
      async () =>
        answers.find(
          (event) =>
            ['vouchers.BlockReserved', 'vouchers.BlockReservationRefused'].includes(event.type) &&
            (event.data as { requestId?: string }).requestId === requestId,
        ),
      (found) => found !== undefined,
      `vouchers' answer to request ${requestId}`,
    ).then((found) => found!);

  /** The first event of a type on vouchers' topic whose data has `field` = `value`. */
  const eventOnTopic = (type: string, field: string, value: string, what: string) =>
    eventually(
      async () =>
        answers.find(
          (event) => event.type === type && (event.data as Record<string, unknown>)[field] === value,
        ),
      (found) => found !== undefined,
      what,
    ).then((found) => found!);

  beforeAll(async () => {
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    EXPERTISE = isolated.serviceUrl('expertise');
    DIAGNOSTICS = isolated.serviceUrl('diagnostics');
    VOUCHERS = isolated.serviceUrl('vouchers');
    const kafka = new Kafka({ brokers: isolated.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    // a group of its own reading from the beginning: no answer is missed while it joins
    consumer = kafka.consumer({ groupId: `e2e-vouchers-${randomUUID()}` });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: publicTopic('vouchers'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) answers.push(JSON.parse(message.value.toString()) as EventEnvelope);
      },
    });
  }, SHARED_STACK_START_MS);

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await isolated?.remove();
  });

  let programId: string;

  it('takes a 36-hour physics program for school teachers through expertise into the register', async () => {
    programId = await programIntoRegister(
      call,
      { catalog: CATALOG, expertise: EXPERTISE },
      {
        region,
        admin,
        municipality: { municipalityId, name: 'городской округ Ульяновск', oktmo: '73701000' },
        provider: { providerId, name: 'ОГАУ «Институт развития образования»', inn: '7325000731' },
        school: {
          organizationId: schoolId,
          name: 'МБОУ «Средняя школа № 73» г. Ульяновска',
          inn: '7326000732',
        },
        experts,
      },
      'Физический эксперимент на уроке: цифровые лаборатории',
    );
  });

  let teacherId: string;
  let teacher: Principal;
  let voucherId: string;

  interface OwnBlock {
    block: number;
    kind: string;
    hours: number;
    value: number;
    state: string;
    applicationId: string | null;
    spendableOn: { programId: string }[];
  }
  const ownVoucher = async () => {
    const answer = await call<{ vouchers?: { voucherId: string; blocks: OwnBlock[] }[] }>(
      'GET',
      `${VOUCHERS}/teachers/${teacherId}/vouchers?year=${year}`,
      teacher,
    );
    return answer.body.vouchers?.find((voucher) => voucher.voucherId === voucherId);
  };

  it('issues the voucher of the year to a teacher imported into diagnostics, its blocks spendable on the program', async () => {
    // a valid СНИЛС: nine digits and their check number
    const snils = `734455667${snilsCheckNumber('734455667')}`;
    const importing = importTeachers(client, DIAGNOSTICS, { region, admin }, [
      `${snils};Ермолаева;Мария;Андреевна;${schoolId};${municipalityId};teacher;physics;first;2021-03-10;higher-pedagogical;2023-05-20`,
    ]);

    // the ministry's side meanwhile: the year's tariff and budget, the municipality's allotment, the contract
    await voucherYear(call, VOUCHERS, { region, year, admin, providerId, municipalityId, costPerHour });

    const report = await importing;
    expect(report).toMatchObject({ registered: 1 });
    const found = await call<{ teacherId: string }>('POST', `${DIAGNOSTICS}/teachers/lookup`, admin, {
      region,
      snils,
    });
    expect(found.status).toBe(200);
    teacherId = found.body.teacherId;
    teacher = { subject: teacherId, role: 'teacher', region };

    // until vouchers' replica has the teacher from diagnostics' topic (503, or not known yet)
    const issued = await eventually(
      () =>
        call<{ voucherId?: string; code?: string }>('POST', `${VOUCHERS}/vouchers`, admin, {
          teacherId,
          region,
          year,
        }),
      (answer) => answer.status === 201,
      'the voucher issued',
    );
    voucherId = issued.body.voucherId!;

    // the teacher sees two free variable blocks of 36 hours, each spendable on the approved program
    const voucher = await eventually(
      ownVoucher,
      (v) => v !== undefined && v.blocks.every((b) => b.spendableOn.some((p) => p.programId === programId)),
      "the teacher's voucher offering the program for each block",
    );
    expect(
      voucher!.blocks.map(({ block, kind, hours, value, state }) => ({ block, kind, hours, value, state })),
    ).toEqual([
      { block: 1, kind: 'variable', hours: 36, value: blockValue, state: 'free' },
      { block: 2, kind: 'variable', hours: 36, value: blockValue, state: 'free' },
    ]);
  });

  /** enrollment.VoucherBlockRequested for an application, as enrollment will publish it. */
  const request = (applicationId: string, program = programId) =>
    publishedEvent(
      'enrollment.VoucherBlockRequested',
      {
        requestId: randomUUID(),
        applicationId,
        teacherId,
        region,
        year,
        organizationId: schoolId,
        programId: program,
        offeringId: randomUUID(),
        providerId,
      },
      { subject: `enrollment-${applicationId}`, position: streamPosition++, time: new Date().toISOString() },
    );

  interface ProviderMoney {
    reserved: number;
    redeemed: number;
    payable: number;
    payables: { contractId: string; payable: number }[];
  }
  const providerMoney = async () =>
    (await call<ProviderMoney>('GET', `${VOUCHERS}/providers/${providerId}/money?year=${year}`, provider))
      .body;

  it("reserves a block from enrollment's request, redeems it on the completion, and the provider is owed", async () => {
    const applicationId = randomUUID();
    const requested = request(applicationId);
    await publishAsEnrollment(requested);

    const reserved = await answerTo(requested.data.requestId);
    expect(reserved.type).toBe('vouchers.BlockReserved');
    expect(reserved.data).toMatchObject({
      voucherId,
      teacherId,
      applicationId,
      programId,
      providerId,
      hours: 36,
      matchesProfile: true,
      amount: blockValue,
    });
    const block = (reserved.data as { block: number }).block;
    await eventually(
      providerMoney,
      (m) => m.reserved === blockValue,
      "the reservation in the provider's money",
    );

    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      {
        enrollmentId: applicationId,
        teacherId,
        region,
        organizationId: schoolId,
        programId,
        offeringId: requested.data.offeringId,
        providerId,
        kind: 'advanced-training',
        hours: 36,
        completedOn: new Date().toISOString().slice(0, 10),
      },
      { subject: `enrollment-${applicationId}`, position: streamPosition++, time: new Date().toISOString() },
    );
    await publishAsEnrollment(completed);

    const money = await eventually(providerMoney, (m) => m.payable === blockValue, "the provider's payable");
    expect(money).toMatchObject({ reserved: 0, redeemed: blockValue, payable: blockValue });
    expect(money.payables).toEqual([{ contractId: expect.any(String), payable: blockValue }]);
    const redeemed = await eventually(
      async () =>
        (
          await call<{ blocks?: { voucherId: string; block: number; amount: number }[] }>(
            'GET',
            `${VOUCHERS}/providers/${providerId}/blocks?year=${year}&state=redeemed`,
            provider,
          )
        ).body.blocks ?? [],
      (blocks) => blocks.length > 0,
      "the redeemed block among the provider's",
    );
    expect(redeemed).toEqual([expect.objectContaining({ voucherId, block, amount: blockValue })]);
    const voucher = await ownVoucher();
    expect(voucher!.blocks.find((b) => b.block === block)).toMatchObject({
      state: 'redeemed',
      applicationId,
      spendableOn: [],
    });
  });

  it('reserves the other block for a second application and releases it when the application is cancelled', async () => {
    const applicationId = randomUUID();
    const requested = request(applicationId);
    await publishAsEnrollment(requested);
    const reserved = await answerTo(requested.data.requestId);
    expect(reserved.type).toBe('vouchers.BlockReserved');
    const block = (reserved.data as { block: number }).block;
    await eventually(
      ownVoucher,
      (v) => v?.blocks.find((b) => b.block === block)?.state === 'reserved',
      'the second block reserved',
    );

    const cancelled = publishedEvent(
      'enrollment.ApplicationCancelled',
      { applicationId, teacherId, region, reason: 'Педагог отказался от обучения' },
      { subject: `enrollment-${applicationId}`, position: streamPosition++, time: new Date().toISOString() },
    );
    await publishAsEnrollment(cancelled);
    const released = await eventOnTopic(
      'vouchers.BlockReleased',
      'applicationId',
      applicationId,
      'vouchers.BlockReleased for the cancelled application',
    );
    expect(released!.data).toMatchObject({ voucherId, block, cause: 'cancelled' });
    await eventually(
      ownVoucher,
      (v) => v?.blocks.find((b) => b.block === block)?.state === 'free',
      'the block free again',
    );
    // the payable of the first block stays; nothing is reserved with the provider any more
    expect(await eventually(providerMoney, (m) => m.reserved === 0, 'no reservation held')).toMatchObject({
      redeemed: blockValue,
      payable: blockValue,
    });
  });

  it('refuses a request for a program not in the register, with a code and a message in Russian', async () => {
    const requested = request(randomUUID(), randomUUID());
    await publishAsEnrollment(requested);
    const refused = await answerTo(requested.data.requestId);
    expect(refused.type).toBe('vouchers.BlockReservationRefused');
    expect(refused.data).toMatchObject({
      voucherId,
      applicationId: requested.data.applicationId,
      code: 'program-not-in-register',
      message: expect.stringMatching(/[а-яё]{3,}/i),
    });
    const voucher = await ownVoucher();
    expect(voucher!.blocks.map((b) => b.state).sort()).toEqual(['free', 'redeemed']);
  });

  it('releases a reserved block when the learner drops out, with the reason, and the block is spendable again', async () => {
    const applicationId = randomUUID();
    const requested = request(applicationId);
    await publishAsEnrollment(requested);
    const reserved = await answerTo(requested.data.requestId);
    expect(reserved.type).toBe('vouchers.BlockReserved');
    const block = (reserved.data as { block: number }).block;

    const reason = 'Выбыл с курса по состоянию здоровья';
    const droppedOut = publishedEvent(
      'enrollment.LearnerDroppedOut',
      { applicationId, teacherId, region, droppedOn: new Date().toISOString().slice(0, 10), reason },
      { subject: `enrollment-${applicationId}`, position: streamPosition++, time: new Date().toISOString() },
    );
    await publishAsEnrollment(droppedOut);
    const released = await eventOnTopic(
      'vouchers.BlockReleased',
      'applicationId',
      applicationId,
      'vouchers.BlockReleased for the dropout',
    );
    expect(released!.data).toMatchObject({
      voucherId,
      block,
      requestId: requested.data.requestId,
      providerId,
      cause: 'dropout',
      reason,
    });
    // free again, and offered again: the teacher may spend it on the program
    const voucher = await eventually(
      ownVoucher,
      (v) => {
        const free = v?.blocks.find((b) => b.block === block);
        return free?.state === 'free' && free.spendableOn.some((p) => p.programId === programId);
      },
      'the block free and spendable again',
    );
    expect(voucher!.blocks.find((b) => b.block === block)).toMatchObject({
      applicationId: null,
      value: blockValue,
    });
    expect(await eventually(providerMoney, (m) => m.reserved === 0, 'no reservation held')).toMatchObject({
      payable: blockValue,
    });
  });

  it("expires the unspent voucher of a cycle that has ended, and its money returns to the municipality's allotment", async () => {
    // The deadline is the cycle's end (31 December, end of the day in the region), fired by the
    // service's scheduler; the stack has no test clock, and the services' time is not faked. A voucher
    // of last year is one whose deadline has passed: issued now, its expiry is due at once, and the
    // scheduler fires it as it would on 1 January.
    const ended = year - 1;
    const money = await Promise.all([
      call('PUT', `${VOUCHERS}/tariffs/${region}/${ended}`, admin, { costPerHour }),
      call('PUT', `${VOUCHERS}/budgets/${region}/${ended}`, admin, { amount: 1_000_000 }),
    ]);
    expect(money.map((answer) => answer.status)).toEqual([200, 200]);
    const allotment = 2 * blockValue; // exactly one 72-hour voucher
    const allotted = await call('POST', `${VOUCHERS}/budgets/${region}/${ended}/allotments`, admin, {
      municipalityId,
      amount: allotment,
    });
    expect(allotted.status).toBe(201);
    const issued = await call<{ voucherId?: string }>('POST', `${VOUCHERS}/vouchers`, admin, {
      teacherId,
      region,
      year: ended,
    });
    expect(issued.status).toBe(201);
    const expiredId = issued.body.voucherId!;
    expect(expiredId).not.toBe(voucherId);

    const expired = await eventOnTopic(
      'vouchers.VoucherExpired',
      'voucherId',
      expiredId,
      "vouchers.VoucherExpired of last year's voucher",
    );
    expect(expired!.data).toMatchObject({
      teacherId,
      year: ended,
      municipalityId,
      expiredBlocks: [1, 2],
      unspentAmount: allotment,
    });
    const returned = await eventually(
      async () =>
        (
          await call<{ committed?: number; left?: number }>(
            'GET',
            `${VOUCHERS}/budgets/${region}/${ended}/allotments/${municipalityId}`,
            admin,
          )
        ).body,
      (a) => a.committed === 0,
      'the money back on the allotment',
    );
    expect(returned).toMatchObject({ committed: 0, left: allotment });
    // this year's voucher is untouched
    expect((await ownVoucher())!.blocks.map((b) => b.state).sort()).toEqual(['free', 'redeemed']);
  });
});

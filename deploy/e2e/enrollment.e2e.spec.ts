import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { directoryId, type EventEnvelope, publicTopic, regionToday, snilsCheckNumber } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { publishedEvent } from '@pk/test-kit';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import { eventually, importTeachers, programIntoRegister, stackClient, voucherYear } from './stack-client';

// Enrollment over the real processes of the stack the e2e files share (this file's data is region
// 59's, which no other file uses): catalog registers the school and the provider and takes a program
// through expertise into the register, diagnostics imports the teachers, vouchers issues their
// vouchers, and enrollment runs the applications — everything over the services' HTTP APIs, each
// service learning the others' facts from their topics.
//
// One offering is not opened through catalog: the voucher route's, which must reach a result. A
// result is recorded once the course began (the region's today on or after its start), and catalog
// starts an offering at the beginning of its first day — so an offering catalog opens today starts,
// and ends enrollment, the moment it is opened, before anyone could apply; one opened for a later day
// cannot take a result before that day. The stack has no test clock, so for that offering this file
// publishes catalog's own events on catalog's public topic (OfferingOpened starting today, then
// OfferingClosed and OfferingStarted as catalog's calendar would), as the vouchers e2e did for
// enrollment before it existed. The other offerings are catalog's, and the deadline of the cancelled
// group is the provider closing enrollment early through catalog's API.
describe('enrollment: the voucher route, the waitlist, a group below its minimum and a refused block (e2e)', () => {
  let isolated: IsolatedStack;
  const client = stackClient(() => isolated);
  const { tokenFor, call } = client;
  let CATALOG: string;
  let EXPERTISE: string;
  let DIAGNOSTICS: string;
  let VOUCHERS: string;
  let ENROLLMENT: string;
  const region = '59';
  const today = regionToday(region, new Date());
  const year = Number(today.slice(0, 4));
  const dayAfter = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  // Catalog's offerings start a few days on, within the vouchers' year (the voucher of a course is of
  // the year it starts); in the last days of December they start on the 31st — so on 31 December
  // itself they would start, and end enrollment, as soon as catalog opens them: run it another day.
  const later = dayAfter(today, 3) <= `${year}-12-31` ? dayAfter(today, 3) : `${year}-12-31`;
  // the school year (named by its September) a completion today counts toward in diagnostics
  const schoolYear = Number(today.slice(5, 7)) >= 9 ? year : year - 1;
  const costPerHour = { variable: 250, internship: 300 };
  const blockValue = 36 * costPerHour.variable;
  // directory ids are derived from region and ИНН or ОКТМО (npm run directory-id)
  const providerId = directoryId('provider', region, '5902000590');
  const municipalityId = directoryId('municipality', region, '57701000');
  const schoolId = directoryId('organization', region, '5904000591');
  const experts = [randomUUID(), randomUUID(), randomUUID()].map((organizationId) => ({
    expertId: randomUUID(),
    organizationId,
  }));
  const admin: Principal = { subject: 'admin-59', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'permipk', role: 'provider', region, organization: providerId };
  const coordinator: Principal = {
    subject: 'coordinator-59',
    role: 'school-coordinator',
    region,
    organization: schoolId,
  };
  const asTeacher = (teacherId: string): Principal => ({ subject: teacherId, role: 'teacher', region });

  let producer: Producer;

  beforeAll(async () => {
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    EXPERTISE = isolated.serviceUrl('expertise');
    DIAGNOSTICS = isolated.serviceUrl('diagnostics');
    VOUCHERS = isolated.serviceUrl('vouchers');
    ENROLLMENT = isolated.serviceUrl('enrollment');
    const kafka = new Kafka({ brokers: isolated.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    // the first e2e file to ask starts the shared stack: on two busy cores that alone took over 2 min
  }, 300_000);

  afterAll(async () => {
    await producer?.disconnect();
    await isolated?.remove();
  }, SHARED_STACK_START_MS);

  let programId: string;

  it('takes a 36-hour physics program for school teachers through expertise into the register', async () => {
    programId = await programIntoRegister(
      call,
      { catalog: CATALOG, expertise: EXPERTISE },
      {
        region,
        admin,
        municipality: { municipalityId, name: 'городской округ Пермь', oktmo: '57701000' },
        provider: {
          providerId,
          name: 'ГАУ ДПО «Институт развития образования Пермского края»',
          inn: '5902000590',
        },
        school: { organizationId: schoolId, name: 'МАОУ «Средняя школа № 59» г. Перми', inn: '5904000591' },
        experts,
      },
      'Исследовательские задачи по физике в основной школе',
    );
  });

  // Four teachers of the school: three with the year's voucher, one without.
  const teachers: Record<'anna' | 'boris' | 'vera' | 'gleb', string> = {
    anna: '',
    boris: '',
    vera: '',
    gleb: '',
  };

  const snilsOf = (nine: string) => `${nine}${snilsCheckNumber(nine)}`;
  const people = {
    anna: { snils: snilsOf('591234561'), name: 'Мальцева;Анна;Игоревна' },
    boris: { snils: snilsOf('591234562'), name: 'Гусев;Борис;Олегович' },
    vera: { snils: snilsOf('591234563'), name: 'Зуева;Вера;Павловна' },
    gleb: { snils: snilsOf('591234564'), name: 'Тарасов;Глеб;Ильич' },
  };

  interface OwnBlock {
    block: number;
    state: string;
    applicationId: string | null;
  }
  const blocksOf = async (teacherId: string) =>
    (
      await call<{ vouchers?: { blocks: OwnBlock[] }[] }>(
        'GET',
        `${VOUCHERS}/teachers/${teacherId}/vouchers?year=${year}`,
        asTeacher(teacherId),
      )
    ).body.vouchers?.[0]?.blocks ?? [];

  it('imports the teachers into diagnostics and issues the year’s voucher to three of them', async () => {
    const importing = importTeachers(
      client,
      DIAGNOSTICS,
      { region, admin },
      Object.values(people).map(
        ({ snils, name }) =>
          `${snils};${name};${schoolId};${municipalityId};teacher;physics;first;2021-03-10;higher-pedagogical;2022-05-20`,
      ),
    );

    // the ministry's side meanwhile: the year's tariff and budget, the municipality's allotment, the contract
    await voucherYear(call, VOUCHERS, { region, year, admin, providerId, municipalityId, costPerHour });

    const report = await importing;
    expect(report).toMatchObject({ registered: 4 });
    for (const [who, { snils }] of Object.entries(people)) {
      const found = await call<{ teacherId: string }>('POST', `${DIAGNOSTICS}/teachers/lookup`, admin, {
        region,
        snils,
      });
      expect(found.status).toBe(200);
      teachers[who as keyof typeof teachers] = found.body.teacherId;
    }

    // Gleb gets none: his application is the one vouchers refuses
    for (const teacherId of [teachers.anna, teachers.boris, teachers.vera]) {
      // until vouchers' replica has the teacher from diagnostics' topic (503, or not known yet)
      await eventually(
        () => call('POST', `${VOUCHERS}/vouchers`, admin, { teacherId, region, year }),
        (answer) => answer.status === 201,
        'the voucher issued',
      );
    }
    for (const teacherId of [teachers.anna, teachers.boris, teachers.vera]) {
      const blocks = await eventually(
        () => blocksOf(teacherId),
        (found) => found.length === 2,
        "the teacher's voucher in vouchers' ledger",
      );
      expect(blocks.map((b) => b.state)).toEqual(['free', 'free']);
    }
  });

  // ─── the applications ────────────────────────────────────────────────────────────────────────────

  interface ApplicationView {
    applicationId: string;
    teacherId: string;
    route: string;
    status: string;
    place: string;
    waitlistPosition: number | null;
    closed?: { code: string; reason: string };
    result?: Record<string, unknown>;
  }
  interface GroupView {
    status?: string;
    places?: ApplicationView[];
    waitlist?: ApplicationView[];
    closed?: ApplicationView[];
  }

  const groupOf = async (offeringId: string) =>
    (await call<GroupView>('GET', `${ENROLLMENT}/offerings/${offeringId}/group`, provider)).body;
  /** Enrollment has the offering's group (from catalog's topic), open for applications. */
  const groupOpened = (offeringId: string) =>
    eventually(
      () => groupOf(offeringId),
      (group) => group.status === 'open',
      `the group of offering ${offeringId} in enrollment`,
    );
  const applicationOf = async (offeringId: string, applicationId: string, teacherId: string) =>
    (
      await call<ApplicationView>(
        'GET',
        `${ENROLLMENT}/offerings/${offeringId}/applications/${applicationId}`,
        asTeacher(teacherId),
      )
    ).body;
  const statusOf = (offeringId: string, applicationId: string, teacherId: string, status: string) =>
    eventually(
      () => applicationOf(offeringId, applicationId, teacherId),
      (application) => application.status === status,
      `application ${applicationId} ${status}`,
    );

  async function apply(offeringId: string, teacherId: string, route = 'voucher'): Promise<string> {
    const answer = await call<{ applicationId: string }>(
      'POST',
      `${ENROLLMENT}/offerings/${offeringId}/applications`,
      asTeacher(teacherId),
      { organizationId: schoolId, route },
    );
    expect(answer.status).toBe(201);
    return answer.body.applicationId;
  }

  async function approve(offeringId: string, applicationId: string): Promise<void> {
    const answer = await call(
      'POST',
      `${ENROLLMENT}/offerings/${offeringId}/applications/${applicationId}/approval`,
      coordinator,
    );
    expect(answer.status).toBe(201);
  }

  /** An offering catalog opens for the provider: enrollment closes a few days on, classes start then. */
  async function openInCatalog(capacity: number, minimumGroupSize: number): Promise<string> {
    const offeringId = randomUUID();
    const opened = await call('POST', `${CATALOG}/providers/${providerId}/offerings`, provider, {
      offeringId,
      programId,
      region,
      startsOn: later,
      endsOn: dayAfter(later, 10),
      enrollmentDeadline: later,
      online: true,
      place: '',
      capacity,
      minimumGroupSize,
    });
    expect(opened.status).toBe(201);
    return offeringId;
  }

  let position = 0;
  /** Catalog's event on catalog's public topic, for the offering catalog cannot open today (above). */
  async function publishAsCatalog(event: EventEnvelope) {
    await producer.send({ topic: publicTopic('catalog'), messages: [toMessage(event)] });
  }

  it('runs the voucher route: apply → approve → block reserved → group formed → completed → block redeemed → diagnostics sees it', async () => {
    const anna = teachers.anna;
    // the teacher's deficit first, so diagnostics proposes her a trajectory with the program in it
    const campaignId = randomUUID();
    const opened = await call('POST', `${DIAGNOSTICS}/campaigns`, admin, {
      campaignId,
      region,
      kind: 'self-diagnostics',
      year: schoolYear,
      opensOn: dayAfter(today, -1),
      closesOn: dayAfter(today, 30),
    });
    expect(opened.status).toBe(201);
    const key = await call<{
      items: { id: string; competency: string; options: object; correct: string }[];
    }>('GET', `${DIAGNOSTICS}/instruments/teacher-core/1`, admin);
    expect(key.status).toBe(200);
    const attempted = await call('POST', `${DIAGNOSTICS}/attempts`, asTeacher(anna), {
      attemptId: randomUUID(),
      teacherId: anna,
      region,
      instrument: { id: 'teacher-core', version: 1 },
      campaignId,
      // wrong on every item of R/01, the competency the program addresses
      answers: key.body.items.map((item) => ({
        item: item.id,
        answer:
          item.competency === 'R/01'
            ? Object.keys(item.options).find((option) => option !== item.correct)!
            : item.correct,
      })),
    });
    expect(attempted.status).toBe(201);
    interface Trajectory {
      items?: { kind: string; programId: string | null; status: string }[];
    }
    const trajectory = async () =>
      (
        await call<Trajectory>(
          'GET',
          `${DIAGNOSTICS}/teachers/${anna}/trajectories/${schoolYear}?region=${region}`,
          asTeacher(anna),
        )
      ).body.items ?? [];
    await eventually(
      () =>
        call('POST', `${DIAGNOSTICS}/teachers/${anna}/trajectories/${schoolYear}/proposal`, asTeacher(anna), {
          region,
        }),
      (answer) => answer.status === 201,
      'the proposal (once the replicas hold the deficit and the program)',
    );
    expect(await trajectory()).toContainEqual(
      expect.objectContaining({ kind: 'program', programId, status: 'planned' }),
    );

    // the offering, as catalog publishes it: starting today, enrollment open until today ends
    const offeringId = randomUUID();
    const key0 = { offeringId, programId, providerId, region };
    const at = () => ({
      subject: `offering-${offeringId}`,
      position: position++,
      time: new Date().toISOString(),
    });
    await publishAsCatalog(
      publishedEvent(
        'catalog.OfferingOpened',
        {
          ...key0,
          startsOn: today,
          endsOn: dayAfter(today, 10),
          enrollmentDeadline: today,
          online: true,
          place: '',
          capacity: 5,
          minimumGroupSize: 1,
        },
        at(),
      ),
    );
    await groupOpened(offeringId);

    const applicationId = await apply(offeringId, anna);
    expect(await applicationOf(offeringId, applicationId, anna)).toMatchObject({
      status: 'awaiting-approval',
      place: 'seat',
      route: 'voucher',
    });
    await approve(offeringId, applicationId);
    // enrollment asks vouchers for a block and goes on when vouchers reserved it
    await statusOf(offeringId, applicationId, anna, 'confirmed');
    const reserved = await eventually(
      () => blocksOf(anna),
      (blocks) => blocks.some((b) => b.state === 'reserved' && b.applicationId === applicationId),
      "the block reserved for the application in Anna's voucher",
    );
    const block = reserved.find((b) => b.applicationId === applicationId)!.block;

    // the enrollment deadline: classes begin, as catalog's calendar decides at the start of the day
    await publishAsCatalog(publishedEvent('catalog.OfferingClosed', key0, at()));
    await publishAsCatalog(publishedEvent('catalog.OfferingStarted', key0, at()));
    const formed = await eventually(
      () => groupOf(offeringId),
      (group) => group.status === 'formed',
      'the group formed',
    );
    expect(formed.places!.map((a) => a.applicationId)).toEqual([applicationId]);

    const certificateNumber = `592400${String(Date.now()).slice(-6)}`;
    const completed = await call(
      'POST',
      `${ENROLLMENT}/offerings/${offeringId}/applications/${applicationId}/completion`,
      provider,
      { kind: 'advanced-training', hours: 36, certificateNumber, completedOn: today },
    );
    expect(completed.status).toBe(201);
    expect(await applicationOf(offeringId, applicationId, anna)).toMatchObject({
      status: 'completed',
      result: { outcome: 'completed', certificateNumber, completedOn: today },
    });

    // vouchers redeems the block: the teacher's voucher and the provider's redeemed blocks show it
    await eventually(
      () => blocksOf(anna),
      (blocks) => blocks.find((b) => b.block === block)?.state === 'redeemed',
      'the block redeemed',
    );
    const redeemed = await call<{ blocks: Record<string, unknown>[] }>(
      'GET',
      `${VOUCHERS}/providers/${providerId}/blocks?year=${year}&state=redeemed`,
      provider,
    );
    expect(redeemed.body.blocks).toEqual([
      expect.objectContaining({
        teacherId: anna,
        block,
        applicationId,
        offeringId,
        programId,
        amount: blockValue,
        completedOn: today,
        certificateNumber,
      }),
    ]);

    // diagnostics: the trajectory's item of the program completed, and the document in the ФИС ФРДО file
    await eventually(
      trajectory,
      (items) => items.some((i) => i.programId === programId && i.status === 'completed'),
      "the program's item of the trajectory completed",
    );
    const frdoRows = async () => {
      const exported = await fetch(`${DIAGNOSTICS}/frdo-exports?from=${today}&to=${today}`, {
        headers: { authorization: `Bearer ${await tokenFor(admin)}` },
      });
      expect(exported.status).toBe(200);
      return (await exported.text()).split('\r\n').filter((row) => row.includes(certificateNumber));
    };
    const rows = await eventually(frdoRows, (found) => found.length > 0, 'the document in the ФИС ФРДО file');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Мальцева');
    expect(rows[0]).toContain('Исследовательские задачи по физике в основной школе');
  });

  let promoted: string;

  it('promotes the next in line when the seated teacher withdraws before the start, and funds her at once', async () => {
    const offeringId = await openInCatalog(1, 1);
    await groupOpened(offeringId);
    const { boris, vera } = teachers;

    const first = await apply(offeringId, boris);
    const second = await apply(offeringId, vera);
    expect(await applicationOf(offeringId, second, vera)).toMatchObject({
      place: 'waitlist',
      waitlistPosition: 1,
    });
    await Promise.all([approve(offeringId, first), approve(offeringId, second)]);
    await statusOf(offeringId, first, boris, 'confirmed');
    // approved, but waiting for a place: no block asked for her yet
    expect(await applicationOf(offeringId, second, vera)).toMatchObject({
      status: 'approved',
      place: 'waitlist',
    });
    expect((await blocksOf(vera)).map((b) => b.state)).toEqual(['free', 'free']);

    const withdrawn = await call(
      'POST',
      `${ENROLLMENT}/offerings/${offeringId}/applications/${first}/withdrawal`,
      asTeacher(boris),
      { reason: 'Совпало с аттестацией' },
    );
    expect(withdrawn.status).toBe(201);
    expect(await applicationOf(offeringId, first, boris)).toMatchObject({
      status: 'withdrawn',
      place: 'none',
      closed: { code: 'withdrawn-by-teacher', reason: 'Совпало с аттестацией' },
    });
    // seated in the same decision, and her block asked for and reserved
    await statusOf(offeringId, second, vera, 'confirmed');
    expect(await applicationOf(offeringId, second, vera)).toMatchObject({
      place: 'seat',
      waitlistPosition: null,
    });
    await eventually(
      () => blocksOf(vera),
      (blocks) => blocks.some((b) => b.state === 'reserved' && b.applicationId === second),
      "Vera's block reserved",
    );
    // Boris's block went back
    await eventually(
      () => blocksOf(boris),
      (blocks) => blocks.every((b) => b.state === 'free'),
      "Boris's block free again",
    );
    const group = await groupOf(offeringId);
    expect(group.places!.map((a) => a.applicationId)).toEqual([second]);
    expect(group.waitlist).toEqual([]);
    promoted = second;
  });

  it("ends the application with vouchers' code and Russian reason when vouchers refuses the block", async () => {
    const offeringId = await openInCatalog(5, 1);
    await groupOpened(offeringId);
    const gleb = teachers.gleb;
    const applicationId = await apply(offeringId, gleb);
    await approve(offeringId, applicationId);
    const refused = await statusOf(offeringId, applicationId, gleb, 'refused');
    expect(refused).toMatchObject({
      place: 'none',
      closed: { code: 'voucher-not-found', reason: expect.stringMatching(/нет ИОЧ на \d{4} год/) },
    });
    // the place is free again
    expect((await groupOf(offeringId)).places).toEqual([]);
  });

  it('cancels a group below its minimum at the deadline and releases every block', async () => {
    const offeringId = await openInCatalog(5, 3);
    await groupOpened(offeringId);
    const { boris, anna } = teachers;
    const viaVoucher = await apply(offeringId, boris);
    const viaEmployer = await apply(offeringId, anna, 'employer');
    await Promise.all([approve(offeringId, viaVoucher), approve(offeringId, viaEmployer)]);
    await statusOf(offeringId, viaVoucher, boris, 'confirmed');
    await statusOf(offeringId, viaEmployer, anna, 'confirmed');
    await eventually(
      () => blocksOf(boris),
      (blocks) => blocks.some((b) => b.state === 'reserved' && b.applicationId === viaVoucher),
      "Boris's block reserved",
    );

    // the provider ends enrollment early through catalog: two places taken of the minimum three
    const closed = await call(
      'POST',
      `${CATALOG}/providers/${providerId}/offerings/${offeringId}/close`,
      provider,
    );
    expect(closed.status).toBe(201);
    const cancelled = await eventually(
      () => groupOf(offeringId),
      (group) => group.status === 'cancelled',
      'the group cancelled',
    );
    const reason = 'группа не набрана: 2 из минимальных 3 мест';
    expect(cancelled.places).toEqual([]);
    expect(
      cancelled.closed!.map(({ applicationId, status, closed: why }) => ({ applicationId, status, why })),
    ).toEqual([
      {
        applicationId: viaVoucher,
        status: 'group-cancelled',
        why: { code: 'group-below-minimum', reason },
      },
      {
        applicationId: viaEmployer,
        status: 'group-cancelled',
        why: { code: 'group-below-minimum', reason },
      },
    ]);
    await eventually(
      () => blocksOf(boris),
      (blocks) => blocks.every((b) => b.state === 'free'),
      "Boris's block free again",
    );
    // once things settle, the provider's reserved blocks are those of enrolled learners only: Vera's
    const reserved = await eventually(
      async () =>
        (
          await call<{ blocks?: { applicationId: string }[] }>(
            'GET',
            `${VOUCHERS}/providers/${providerId}/blocks?year=${year}&state=reserved`,
            provider,
          )
        ).body.blocks ?? [],
      (blocks) => blocks.length === 1,
      'one reserved block left with the provider',
    );
    expect(reserved.map((b) => b.applicationId)).toEqual([promoted]);
  });
});

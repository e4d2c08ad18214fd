import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { Scheduler } from '@pk/kernel';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { service } from '../service';
import { EnrollmentReactions } from './reactions.controller';

// Enrollment on the in-memory kit: applications, the school's approval and its deadline, the voucher
// route with vouchers' answers, the waitlist, group formation, bad input, and who may call what. The
// same on servers: group-api.int.spec.ts.

const teacherOf = (subject = randomUUID()): Principal => ({ subject, role: 'teacher', region: '63' });
const coordinator: Principal = {
  subject: 'coord',
  role: 'school-coordinator',
  region: '63',
  organization: ids.school,
};
const otherCoordinator: Principal = {
  subject: 'coord-2',
  role: 'school-coordinator',
  region: '63',
  organization: ids.otherSchool,
};
const provider: Principal = { subject: 'prov', role: 'provider', region: '63', organization: ids.provider };
const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
const adminElsewhere: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };

describe('enrollment HTTP API (in memory)', () => {
  let api: InMemoryService;
  let clock: TestClock;
  let reactions: EnrollmentReactions;

  beforeAll(async () => {
    clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    api = await startInMemoryService(service, { clock });
    reactions = api.app.get(EnrollmentReactions);
  });
  afterAll(() => api.close());

  async function offering(capacity = 2, minimumGroupSize = 1) {
    const opened = offeringOpened({ capacity, minimumGroupSize });
    expect(await reactions.onOfferingOpened(opened)).toMatchObject({ decided: 1 });
    return opened.data.offeringId;
  }
  async function apply(offeringId: string, who = teacherOf(), route = 'voucher') {
    const answer = await api
      .as(who)
      .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route });
    expect(answer.status).toBe(201);
    return { who, applicationId: answer.body['applicationId'] as string };
  }
  const read = async (offeringId: string, applicationId: string, who: Principal = admin) =>
    (await api.as(who).get(`/offerings/${offeringId}/applications/${applicationId}`)).body;
  const typesOf = async (offeringId: string) =>
    (await api.store.readStream(`group-${offeringId}`)).map((e) => e.type);

  it('the voucher route: apply, approve, block requested, reserved, confirmed', async () => {
    const offeringId = await offering();
    const { who, applicationId } = await apply(offeringId);
    expect(await read(offeringId, applicationId, who)).toMatchObject({
      status: 'awaiting-approval',
      place: 'seat',
    });
    expect(
      (await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {}))
        .status,
    ).toBe(201);
    expect(await read(offeringId, applicationId)).toMatchObject({ status: 'awaiting-block' });
    const requested = (await api.store.readStream(`group-${offeringId}`)).find(
      (e) => e.type === 'enrollment.VoucherBlockRequested',
    )!;
    const reserved = publishedEvent('vouchers.BlockReserved', {
      ...(requested.data as object),
      voucherId: ids.voucher,
      block: 1,
    });
    expect(await reactions.onBlockReserved(reserved)).toMatchObject({ decided: 1 });
    expect(await reactions.onBlockReserved(reserved)).toMatchObject({ decided: 0, alreadyHandled: 1 });
    expect(await read(offeringId, applicationId, who)).toMatchObject({ status: 'confirmed', place: 'seat' });
    expect(await typesOf(offeringId)).toEqual([
      'enrollment.GroupOpened',
      'enrollment.ApplicationSubmitted',
      'enrollment.ApplicationApproved',
      'enrollment.VoucherBlockRequested',
      'enrollment.BlockSecured',
      'enrollment.EnrollmentConfirmed',
    ]);
  });

  it("ends with vouchers' reason when the block is refused, and the next in line moves up", async () => {
    const offeringId = await offering(1);
    const first = await apply(offeringId);
    const second = await apply(offeringId);
    expect(await read(offeringId, second.applicationId)).toMatchObject({
      place: 'waitlist',
      waitlistPosition: 1,
    });
    await api
      .as(coordinator)
      .post(`/offerings/${offeringId}/applications/${first.applicationId}/approval`, {});
    const refused = publishedEvent('vouchers.BlockReservationRefused', {
      offeringId,
      applicationId: first.applicationId,
      requestId: first.applicationId,
      code: 'no-free-block',
      message: 'блок: на ИОЧ нет свободного блока',
    });
    expect(await reactions.onBlockReservationRefused(refused)).toMatchObject({ decided: 1 });
    expect(await read(offeringId, first.applicationId)).toMatchObject({
      status: 'refused',
      place: 'none',
      closed: { code: 'no-free-block', reason: 'блок: на ИОЧ нет свободного блока' },
    });
    expect(await read(offeringId, second.applicationId)).toMatchObject({
      place: 'seat',
      waitlistPosition: null,
    });
  });

  it('a block request unanswered in time closes the application and tells vouchers to release', async () => {
    const offeringId = await offering();
    const { applicationId } = await apply(offeringId);
    await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
    clock.advance(25 * 3600_000);
    await api.app.get(Scheduler).fireDue();
    expect(await read(offeringId, applicationId)).toMatchObject({
      status: 'reservation-timeout',
      closed: { code: 'block-reservation-timeout' },
    });
    expect(await typesOf(offeringId)).toContain('enrollment.ApplicationCancelled');
  });

  it('an application the school leaves unanswered lapses, visibly', async () => {
    const offeringId = await offering();
    const { who, applicationId } = await apply(offeringId);
    clock.advance(6 * 86_400_000);
    await api.app.get(Scheduler).fireDue();
    expect(await read(offeringId, applicationId, who)).toMatchObject({
      status: 'lapsed',
      closed: { code: 'approval-lapsed', reason: expect.stringContaining('не согласована') },
    });
  });

  it('cancels a group below its minimum at the deadline, telling everyone why', async () => {
    const offeringId = await offering(5, 3);
    const { applicationId } = await apply(offeringId, teacherOf(), 'employer');
    await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
    expect(await read(offeringId, applicationId)).toMatchObject({ status: 'confirmed' });
    const closed = publishedEvent('catalog.OfferingClosed', { offeringId, region: '63' });
    expect(await reactions.onOfferingClosed(closed)).toMatchObject({ decided: 1 });
    const group = (await api.as(provider).get(`/offerings/${offeringId}/group`)).body;
    expect(group).toMatchObject({ status: 'cancelled', places: [], waitlist: [] });
    expect(await read(offeringId, applicationId)).toMatchObject({
      status: 'group-cancelled',
      closed: { code: 'group-below-minimum', reason: 'группа не набрана: 1 из минимальных 3 мест' },
    });
    expect(await typesOf(offeringId)).toContain('enrollment.EnrollmentCancelled');
  });

  it("lists a teacher's applications across offerings with their history, the latest first", async () => {
    const who = teacherOf();
    const first = await offering();
    const second = await offering();
    const a = await apply(first, who);
    clock.advance(60_000);
    const b = await apply(second, who, 'employer');
    await api
      .as(who)
      .post(`/offerings/${first}/applications/${a.applicationId}/withdrawal`, { reason: 'передумал' });
    const list = (await api.as(who).get(`/teachers/${who.subject}/applications`)).body;
    expect(list).toMatchObject({
      teacherId: who.subject,
      applications: [
        { applicationId: b.applicationId, offeringId: second, status: 'awaiting-approval', place: 'seat' },
        {
          applicationId: a.applicationId,
          offeringId: first,
          status: 'withdrawn',
          closed: { code: 'withdrawn-by-teacher', reason: 'передумал' },
        },
      ],
    });
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const offeringId = await offering();
    const before = await typesOf(offeringId);
    const badRoute = await api
      .as(teacherOf())
      .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'cash' });
    expect(badRoute.status).toBe(400);
    expect(JSON.stringify(badRoute.body)).toContain('route:');
    const badSchool = await api
      .as(teacherOf())
      .post(`/offerings/${offeringId}/applications`, { organizationId: 'school-5', route: 'voucher' });
    expect(badSchool.status).toBe(400);
    expect(JSON.stringify(badSchool.body)).toContain('organizationId');
    const unknown = await api
      .as(teacherOf())
      .post(`/offerings/${randomUUID()}/applications`, { organizationId: ids.school, route: 'voucher' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'offering-not-found' } });
    expect(await typesOf(offeringId)).toEqual(before);
  });

  it('answers each role on each route as the matrix says', async () => {
    const offeringId = await offering(3);
    const own = teacherOf();
    const { applicationId } = await apply(offeringId, own);
    const app = `/offerings/${offeringId}/applications/${applicationId}`;
    type Cell = [string, Principal, () => Promise<{ status: number }>, number];
    const post =
      (who: Principal, path: string, body: object = {}) =>
      () =>
        api.as(who).post(path, body);
    const get = (who: Principal, path: string) => () => api.as(who).get(path);
    const cells: Cell[] = [
      [
        'apply: teacher',
        teacherOf(),
        post(teacherOf(), `/offerings/${offeringId}/applications`, {
          organizationId: ids.school,
          route: 'employer',
        }),
        201,
      ],
      [
        'apply: coordinator',
        coordinator,
        post(coordinator, `/offerings/${offeringId}/applications`, {
          organizationId: ids.school,
          route: 'employer',
        }),
        403,
      ],
      [
        'apply: ministry',
        admin,
        post(admin, `/offerings/${offeringId}/applications`, {
          organizationId: ids.school,
          route: 'employer',
        }),
        403,
      ],
      ['approve: teacher', own, post(own, `${app}/approval`), 403],
      ['approve: provider', provider, post(provider, `${app}/approval`), 403],
      ['approve: another school', otherCoordinator, post(otherCoordinator, `${app}/approval`), 404],
      ['read: own teacher', own, get(own, app), 200],
      ['read: another teacher', teacherOf(), get(teacherOf(), app), 404],
      ['read: own school', coordinator, get(coordinator, app), 200],
      ['read: another school', otherCoordinator, get(otherCoordinator, app), 404],
      ['read: provider', provider, get(provider, app), 403],
      ['read: ministry', admin, get(admin, app), 200],
      ['read: ministry of another region', adminElsewhere, get(adminElsewhere, app), 404],
      ['group: own provider', provider, get(provider, `/offerings/${offeringId}/group`), 200],
      [
        'group: another provider',
        { ...provider, organization: ids.otherSchool },
        get({ ...provider, organization: ids.otherSchool }, `/offerings/${offeringId}/group`),
        404,
      ],
      ['group: teacher', own, get(own, `/offerings/${offeringId}/group`), 403],
      ['group: coordinator', coordinator, get(coordinator, `/offerings/${offeringId}/group`), 403],
      ['group: ministry', admin, get(admin, `/offerings/${offeringId}/group`), 200],
      ['own list: teacher', own, get(own, `/teachers/${own.subject}/applications`), 200],
      [
        'list of another teacher',
        teacherOf(),
        get(teacherOf(), `/teachers/${own.subject}/applications`),
        403,
      ],
      [
        'teacher list: coordinator',
        coordinator,
        get(coordinator, `/teachers/${own.subject}/applications`),
        403,
      ],
      ['teacher list: ministry', admin, get(admin, `/teachers/${own.subject}/applications`), 200],
      ['withdraw: another teacher', teacherOf(), post(teacherOf(), `${app}/withdrawal`, { reason: '' }), 404],
      [
        'decline: own school',
        coordinator,
        post(coordinator, `${app}/decline`, { reason: 'нет замены' }),
        201,
      ],
      ['withdraw a declined one: own teacher', own, post(own, `${app}/withdrawal`, { reason: '' }), 422],
    ];
    const answers: string[] = [];
    for (const [name, , call] of cells) answers.push(`${name}: ${(await call()).status}`);
    expect(answers).toEqual(cells.map(([name, , , status]) => `${name}: ${status}`));
  });
});

// The course's results on the in-memory kit: the provider's completion, non-completion and
// attendance, the learner's feedback, the provider's lists, bad input and the role matrix of these
// routes. The same on servers: completion-api.int.spec.ts.
describe('enrollment completion HTTP API (in memory)', () => {
  let api: InMemoryService;
  let clock: TestClock;
  let reactions: EnrollmentReactions;

  beforeAll(async () => {
    clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    api = await startInMemoryService(service, { clock });
    reactions = api.app.get(EnrollmentReactions);
  });
  afterAll(() => api.close());

  const otherProvider: Principal = { ...provider, subject: 'prov-2', organization: ids.otherSchool };
  const typesOf = async (offeringId: string) =>
    (await api.store.readStream(`group-${offeringId}`)).map((e) => e.type);

  /** An offering whose group formed with `routes.length` confirmed learners, its course under way. */
  async function runningCourse(routes: readonly string[]) {
    clock.set('2026-09-01T09:00:00Z');
    const opened = offeringOpened({ capacity: routes.length, minimumGroupSize: 1 });
    const { offeringId } = opened.data;
    await reactions.onOfferingOpened(opened);
    const learners: { who: Principal; applicationId: string }[] = [];
    for (const route of routes) {
      const who = teacherOf();
      const answer = await api
        .as(who)
        .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route });
      const applicationId = answer.body['applicationId'] as string;
      await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
      if (route === 'voucher') {
        const requested = (await api.store.readStream(`group-${offeringId}`)).find(
          (e) =>
            e.type === 'enrollment.VoucherBlockRequested' &&
            (e.data as { applicationId: string }).applicationId === applicationId,
        )!;
        await reactions.onBlockReserved(
          publishedEvent('vouchers.BlockReserved', {
            ...(requested.data as object),
            voucherId: ids.voucher,
            block: 1,
          }),
        );
      }
      learners.push({ who, applicationId });
    }
    await reactions.onOfferingClosed(publishedEvent('catalog.OfferingClosed', { offeringId, region: '63' }));
    clock.set('2026-10-12T09:00:00Z'); // the course started on 2026-10-01
    const path = (n: number, what: string) =>
      `/offerings/${offeringId}/applications/${learners[n]!.applicationId}/${what}`;
    return { offeringId, learners, path };
  }
  const completion = {
    kind: 'advanced-training',
    hours: 72,
    certificateNumber: '632400012345',
    completedOn: '2026-10-10',
  };
  const ratings = { content: 5, practiceOrientation: 4, teachers: 5, organization: 4 };

  it('records results and attendance, takes the feedback of who completed once, and lists it all', async () => {
    const { offeringId, learners, path } = await runningCourse(['voucher', 'employer', 'employer']);
    const dropped = await api.as(provider).post(path(0, 'non-completion'), {
      code: 'dropped-out',
      reason: 'отчислен приказом от 05.10.2026',
      endedOn: '2026-10-05',
    });
    expect(dropped.status).toBe(201);
    expect((await api.as(provider).post(path(1, 'completion'), completion)).status).toBe(201);
    expect(
      (await api.as(provider).post(path(1, 'attendance'), { hoursAttended: 70, hoursPlanned: 72 })).status,
    ).toBe(201);
    expect((await typesOf(offeringId)).slice(-4)).toEqual([
      'enrollment.CourseNotCompleted',
      'enrollment.LearnerDroppedOut',
      'enrollment.CourseCompleted',
      'enrollment.AttendanceRecorded',
    ]);

    const feedback = { ...ratings, comment: 'Много практики, мало времени' };
    expect((await api.as(learners[1]!.who).post(path(1, 'feedback'), feedback)).status).toBe(201);
    expect(await api.as(learners[1]!.who).post(path(1, 'feedback'), feedback)).toMatchObject({
      status: 409,
      body: { code: 'feedback-already-given' },
    });
    expect(await api.as(learners[2]!.who).post(path(2, 'feedback'), feedback)).toMatchObject({
      status: 422,
      body: { code: 'course-not-completed' },
    });
    const published = (await api.store.readStream(`group-${offeringId}`)).find(
      (e) => e.type === 'enrollment.FeedbackGiven',
    )!;
    expect(published.data).toEqual({
      region: '63',
      offeringId,
      programId: ids.program,
      providerId: ids.provider,
      ratings,
      hasComment: true,
    });

    const group = (await api.as(provider).get(`/offerings/${offeringId}/group`)).body;
    expect(group['places']).toMatchObject([
      { applicationId: learners[2]!.applicationId, status: 'confirmed' },
    ]);
    expect(group['results']).toMatchObject([
      {
        applicationId: learners[0]!.applicationId,
        status: 'not-completed',
        result: { outcome: 'not-completed', code: 'dropped-out', endedOn: '2026-10-05' },
        feedbackGiven: false,
      },
      {
        applicationId: learners[1]!.applicationId,
        status: 'completed',
        result: { outcome: 'completed', ...completion },
        attendance: { hoursAttended: 70, hoursPlanned: 72 },
        feedbackGiven: true,
      },
    ]);
  });

  it('refuses a result before the course starts, and one recorded twice differently', async () => {
    const { offeringId, path } = await runningCourse(['employer']);
    clock.set('2026-09-30T09:00:00Z');
    expect(await api.as(provider).post(path(0, 'completion'), completion)).toMatchObject({
      status: 422,
      body: { code: 'course-not-started' },
    });
    clock.set('2026-10-12T09:00:00Z');
    expect((await api.as(provider).post(path(0, 'completion'), completion)).status).toBe(201);
    expect((await api.as(provider).post(path(0, 'completion'), completion)).status).toBe(201); // a retry
    expect(await api.as(provider).post(path(0, 'completion'), { ...completion, hours: 36 })).toMatchObject({
      status: 409,
      body: { code: 'result-already-recorded' },
    });
    expect((await typesOf(offeringId)).filter((t) => t === 'enrollment.CourseCompleted')).toHaveLength(1);
  });

  it("takes catalog's early start as the course's start: results from that day, no withdrawal", async () => {
    clock.set('2026-09-01T09:00:00Z');
    const opened = offeringOpened({ capacity: 1, minimumGroupSize: 1 }); // starts on 2026-10-01
    const { offeringId } = opened.data;
    await reactions.onOfferingOpened(opened);
    const [seated, waiting] = [teacherOf(), teacherOf()];
    const applied: string[] = [];
    for (const who of [seated, waiting]) {
      const answer = await api
        .as(who)
        .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'employer' });
      applied.push(answer.body['applicationId'] as string);
      await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applied.at(-1)}/approval`, {});
    }
    // the provider starts the offering in catalog three days early (POST …/offerings/:id/start)
    clock.set('2026-09-28T06:00:00Z');
    const started = publishedEvent(
      'catalog.OfferingStarted',
      { offeringId, programId: ids.program, providerId: ids.provider, region: '63' },
      { time: '2026-09-28T06:00:00.000Z' },
    );
    expect(await reactions.onOfferingStarted(started)).toMatchObject({ decided: 1 });
    expect(await reactions.onOfferingStarted(started)).toMatchObject({ decided: 0 }); // redelivered
    expect((await typesOf(offeringId)).slice(-2)).toEqual([
      'enrollment.GroupFormed',
      'enrollment.CourseStarted',
    ]);
    expect((await api.as(provider).get(`/offerings/${offeringId}/group`)).body).toMatchObject({
      status: 'formed',
      startsOn: '2026-10-01',
      startedOn: '2026-09-28',
    });

    clock.set('2026-09-29T09:00:00Z'); // before the planned start, after catalog's
    const path = (n: number, what: string) => `/offerings/${offeringId}/applications/${applied[n]}/${what}`;
    expect(await api.as(seated).post(path(0, 'withdrawal'), { reason: 'болезнь' })).toMatchObject({
      status: 422,
      body: { code: 'course-started' },
    });
    const left = await api.as(provider).post(path(0, 'non-completion'), {
      code: 'did-not-attend',
      reason: 'не приступил',
      endedOn: '2026-09-28',
    });
    expect(left.status).toBe(201);
    // the refused withdrawal freed no place: the waitlisted teacher still waits
    expect(
      (await api.as(admin).get(`/offerings/${offeringId}/applications/${applied[1]}`)).body,
    ).toMatchObject({
      status: 'approved',
      place: 'waitlist',
    });
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const { offeringId, learners, path } = await runningCourse(['employer']);
    const before = await typesOf(offeringId);
    const bad: [Principal, string, object, string][] = [
      [provider, 'completion', { ...completion, hours: 0 }, 'hours:'],
      [provider, 'completion', { ...completion, completedOn: '10.10.2026' }, 'completedOn:'],
      [provider, 'completion', { ...completion, kind: 'diploma' }, 'kind:'],
      [provider, 'completion', { ...completion, certificateNumber: '' }, 'certificateNumber:'],
      [provider, 'non-completion', { code: 'sick', reason: 'болезнь', endedOn: '2026-10-05' }, 'code:'],
      [provider, 'non-completion', { code: 'dropped-out', reason: '', endedOn: '2026-10-05' }, 'reason:'],
      [provider, 'attendance', { hoursAttended: -1, hoursPlanned: 72 }, 'hoursAttended:'],
      [learners[0]!.who, 'feedback', { ...ratings, content: 6, comment: '' }, 'content:'],
    ];
    for (const [who, what, body, field] of bad) {
      const answer = await api.as(who).post(path(0, what), body);
      expect({
        what,
        field,
        status: answer.status,
        named: JSON.stringify(answer.body).includes(field),
      }).toEqual({ what, field, status: 400, named: true });
    }
    const overPlan = await api
      .as(provider)
      .post(path(0, 'attendance'), { hoursAttended: 80, hoursPlanned: 72 });
    expect(overPlan).toMatchObject({ status: 422, body: { code: 'attendance-exceeds-plan' } });
    const early = await api
      .as(provider)
      .post(path(0, 'completion'), { ...completion, completedOn: '2026-09-30' });
    expect(early).toMatchObject({ status: 422, body: { code: 'date-outside-course' } });
    expect(await typesOf(offeringId)).toEqual(before);
  });

  it('answers each role on each route as the matrix says', async () => {
    const { offeringId, learners, path } = await runningCourse(['employer', 'employer']);
    const own = learners[0]!.who;
    type Cell = [string, () => Promise<{ status: number }>, number];
    const post = (who: Principal, to: string, body: object) => () => api.as(who).post(to, body);
    const attendance = { hoursAttended: 10, hoursPlanned: 72 };
    const dropout = { code: 'did-not-attend', reason: 'не приступил', endedOn: '2026-10-02' };
    const feedback = { ...ratings, comment: '' };
    const cells: Cell[] = [
      ['completion: teacher', post(own, path(0, 'completion'), completion), 403],
      ['completion: coordinator', post(coordinator, path(0, 'completion'), completion), 403],
      ['completion: ministry', post(admin, path(0, 'completion'), completion), 403],
      ['completion: another provider', post(otherProvider, path(0, 'completion'), completion), 404],
      ['feedback before completion: own teacher', post(own, path(0, 'feedback'), feedback), 422],
      ['completion: own provider', post(provider, path(0, 'completion'), completion), 201],
      ['non-completion: teacher', post(own, path(1, 'non-completion'), dropout), 403],
      ['non-completion: ministry', post(admin, path(1, 'non-completion'), dropout), 403],
      ['non-completion: another provider', post(otherProvider, path(1, 'non-completion'), dropout), 404],
      ['non-completion: own provider', post(provider, path(1, 'non-completion'), dropout), 201],
      ['attendance: teacher', post(own, path(0, 'attendance'), attendance), 403],
      ['attendance: coordinator', post(coordinator, path(0, 'attendance'), attendance), 403],
      ['attendance: another provider', post(otherProvider, path(0, 'attendance'), attendance), 404],
      ['attendance: own provider', post(provider, path(0, 'attendance'), attendance), 201],
      ['feedback: provider', post(provider, path(0, 'feedback'), feedback), 403],
      ['feedback: coordinator', post(coordinator, path(0, 'feedback'), feedback), 403],
      ['feedback: another teacher', post(teacherOf(), path(0, 'feedback'), feedback), 404],
      ['feedback without a comment: own teacher', post(own, path(0, 'feedback'), ratings), 201],
      ['group with results: own provider', () => api.as(provider).get(`/offerings/${offeringId}/group`), 200],
      [
        'group with results: another provider',
        () => api.as(otherProvider).get(`/offerings/${offeringId}/group`),
        404,
      ],
    ];
    const answers: string[] = [];
    for (const [name, call] of cells) answers.push(`${name}: ${(await call()).status}`);
    expect(answers).toEqual(cells.map(([name, , status]) => `${name}: ${status}`));
  });
});

// The state assignment on the in-memory kit: the ministry's quota, a teacher's state-assignment
// application within it and beyond, the ministry's list with its report per row, the same list
// again, bad input and the role matrix of these routes. On servers: group-api.int.spec.ts.
describe('enrollment state-assignment HTTP API (in memory)', () => {
  let api: InMemoryService;
  let reactions: EnrollmentReactions;

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock: new TestClock(new Date('2026-09-01T09:00:00Z')) });
    reactions = api.app.get(EnrollmentReactions);
  });
  afterAll(() => api.close());

  const auditor: Principal = { subject: 'aud', role: 'auditor', region: '63' };
  const typesOf = async (offeringId: string) =>
    (await api.store.readStream(`group-${offeringId}`)).map((e) => e.type);
  async function offering(capacity: number) {
    const opened = offeringOpened({ capacity, minimumGroupSize: 1 });
    await reactions.onOfferingOpened(opened);
    return opened.data.offeringId;
  }
  const quota = (offeringId: string, places: unknown, who: Principal = admin) =>
    api.as(who).put(`/offerings/${offeringId}/state-assignment-quota`, { places });
  const list = (offeringId: string, teachers: object[], who: Principal = admin) =>
    api.as(who).post(`/offerings/${offeringId}/state-assignment-list`, { teachers });
  const rowOf = (teacherId: string = randomUUID(), organizationId: string = ids.school) => ({
    teacherId,
    organizationId,
  });

  it("enrolls the ministry's list within the quota: seated, waitlisted, refused beyond, and no one twice", async () => {
    const offeringId = await offering(3);
    expect((await quota(offeringId, 3)).status).toBe(200);
    // an employer-funded teacher takes a place and no quota; a teacher's own state-assignment
    // application takes a place and a quota place, and waits for the school
    const employer = await api
      .as(teacherOf())
      .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route: 'employer' });
    expect(employer.status).toBe(201);
    const own = teacherOf();
    const applied = await api.as(own).post(`/offerings/${offeringId}/applications`, {
      organizationId: ids.school,
      route: 'state-assignment',
    });
    expect(applied.status).toBe(201);

    const rows = [rowOf(), rowOf(own.subject), rowOf(), rowOf()];
    const report = await list(offeringId, rows);
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({
      offeringId,
      enrolled: 1,
      waitlisted: 1,
      unchanged: 1,
      refused: 1,
      stateAssignment: { quota: 3, taken: 3 },
      rows: [
        {
          row: 1,
          teacherId: rows[0]!.teacherId,
          outcome: 'enrolled',
          status: 'confirmed',
          waitlistPosition: null,
        },
        {
          row: 2,
          outcome: 'unchanged',
          applicationId: applied.body['applicationId'],
          status: 'awaiting-approval',
        },
        { row: 3, outcome: 'waitlisted', status: 'approved', waitlistPosition: 1 },
        {
          row: 4,
          outcome: 'refused',
          applicationId: null,
          status: null,
          code: 'state-assignment-quota-exhausted',
          reason: expect.stringMatching(/^route: .*\(3 из 3\)/),
        },
      ],
    });
    const confirmed = (await api.store.readStream(`group-${offeringId}`)).filter(
      (e) => e.type === 'enrollment.EnrollmentConfirmed',
    );
    expect(confirmed.map((e) => e.data)).toEqual([
      expect.objectContaining({ teacherId: rows[0]!.teacherId, route: 'state-assignment' }),
    ]);

    // the same list again enrolls no one: nothing stored, the rows as they stand
    const before = await typesOf(offeringId);
    const again = await list(offeringId, rows.slice(0, 3));
    expect(again.body).toMatchObject({ enrolled: 0, waitlisted: 0, unchanged: 3, refused: 0 });
    expect(await typesOf(offeringId)).toEqual(before);

    // beyond the quota a teacher's own state-assignment application is refused; the quota holds
    const refused = await api.as(teacherOf()).post(`/offerings/${offeringId}/applications`, {
      organizationId: ids.school,
      route: 'state-assignment',
    });
    expect(refused).toMatchObject({ status: 422, body: { code: 'state-assignment-quota-exhausted' } });
    expect(await quota(offeringId, 2)).toMatchObject({ status: 422, body: { code: 'quota-below-taken' } });

    // the enrolled teacher withdraws: the waitlisted row moves up and is confirmed at once
    const reported = report.body['rows'] as { applicationId: string }[];
    const [enrolledId, waitingId] = [reported[0]!.applicationId, reported[2]!.applicationId];
    const withdrawn = await api
      .as({ subject: rows[0]!.teacherId, role: 'teacher', region: '63' })
      .post(`/offerings/${offeringId}/applications/${enrolledId}/withdrawal`, { reason: 'болезнь' });
    expect(withdrawn.status).toBe(201);
    const group = (await api.as(admin).get(`/offerings/${offeringId}/group`)).body;
    expect(group).toMatchObject({ stateAssignment: { quota: 3, taken: 2 } });
    expect(group['places']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          applicationId: waitingId,
          status: 'confirmed',
          source: 'state-assignment-list',
        }),
      ]),
    );
  });

  it('answers bad input with 400 naming the field, a rule broken with 422, and stores nothing', async () => {
    const offeringId = await offering(2);
    const before = await typesOf(offeringId);
    const bad: [() => Promise<{ status: number; body: unknown }>, string][] = [
      [() => quota(offeringId, -1), 'places:'],
      [() => quota(offeringId, 'два'), 'places:'],
      [() => list(offeringId, []), 'teachers:'],
      [() => list(offeringId, [rowOf('teacher-5')]), 'teachers.0.teacherId:'],
      [() => list(offeringId, [rowOf(undefined, 'school-5')]), 'teachers.0.organizationId:'],
      [() => list(offeringId, [{ ...rowOf(), name: 'Иванова' }]), 'teachers.0.name:'],
      [
        () => {
          const twice = rowOf();
          return list(offeringId, [twice, rowOf(), twice]);
        },
        'teachers:',
      ],
    ];
    for (const [call, field] of bad) {
      const answer = await call();
      expect({ field, status: answer.status, named: JSON.stringify(answer.body).includes(field) }).toEqual({
        field,
        status: 400,
        named: true,
      });
    }
    expect(await quota(offeringId, 3)).toMatchObject({
      status: 422,
      body: { code: 'quota-exceeds-capacity', detail: expect.stringMatching(/^places: /) },
    });
    expect(await typesOf(offeringId)).toEqual(before);
  });

  it('answers each role on each route as the matrix says', async () => {
    const offeringId = await offering(3);
    const quotaPath = `/offerings/${offeringId}/state-assignment-quota`;
    const listPath = `/offerings/${offeringId}/state-assignment-list`;
    const body = { teachers: [rowOf()] };
    type Cell = [string, () => Promise<{ status: number }>, number];
    const put = (who: Principal) => () => api.as(who).put(quotaPath, { places: 2 });
    const post = (who: Principal) => () => api.as(who).post(listPath, body);
    const cells: Cell[] = [
      ['quota: teacher', put(teacherOf()), 403],
      ['quota: coordinator', put(coordinator), 403],
      ['quota: provider', put(provider), 403],
      ['quota: auditor', put(auditor), 403],
      ['quota: ministry of another region', put(adminElsewhere), 404],
      ['quota: ministry', put(admin), 200],
      ['list: teacher', post(teacherOf()), 403],
      ['list: coordinator', post(coordinator), 403],
      ['list: provider', post(provider), 403],
      ['list: auditor', post(auditor), 403],
      ['list: ministry of another region', post(adminElsewhere), 404],
      ['list: ministry', post(admin), 201],
      ['list again: ministry', post(admin), 201],
      [
        'quota of an unknown offering: ministry',
        () => api.as(admin).put(`/offerings/${randomUUID()}/state-assignment-quota`, { places: 1 }),
        404,
      ],
    ];
    const answers: string[] = [];
    for (const [name, call] of cells) answers.push(`${name}: ${(await call()).status}`);
    expect(answers).toEqual(cells.map(([name, , status]) => `${name}: ${status}`));

    // the school's coordinator is not asked about a listed teacher, and cannot decline one
    const listed = (await api.store.readStream(`group-${offeringId}`)).find(
      (e) => e.type === 'enrollment.ApplicationSubmitted',
    )!;
    const applicationId = (listed.data as { applicationId: string }).applicationId;
    const declined = await api
      .as(coordinator)
      .post(`/offerings/${offeringId}/applications/${applicationId}/decline`, { reason: 'нет замены' });
    expect(declined).toMatchObject({ status: 422, body: { code: 'enrolled-by-ministry' } });
  });
});

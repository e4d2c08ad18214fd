import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import type { EventEnvelope } from '@pk/contracts';
import type { CompetencyCode, CourseCompleted, ProgramApproved, TrajectoryItem } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PublishedEvents, ServiceKit } from '@pk/service-runtime';
import { type ApiClient, publishedEvent, type ServiceApi, startServiceApi, TestClock } from '@pk/test-kit';
import { ACTIVITY_TITLES } from '../domain/recommend';
import { itemIdOf } from '../domain/trajectory.decider';
import { service } from '../service';
import { CompletionReactions } from './completion.controller';
import * as given from '../../test/trajectory.fixtures';

const teacherRegistered = (teacherId: string, organizationId: string, region = '63') =>
  given.teacherRegistered(teacherId, organizationId, region);
const deficitFound = (
  teacherId: string,
  organizationId: string,
  competency: CompetencyCode,
  position: number,
  region = '63',
) => given.deficitFound({ teacherId, organizationId, region }, competency, position);
const deficitResolved = (
  teacherId: string,
  organizationId: string,
  competency: CompetencyCode,
  position: number,
) => given.deficitResolved({ teacherId, organizationId, region: '63' }, competency, position);
const programApproved = (fields: Partial<ProgramApproved['data']>) =>
  given.programApproved({ region: '63', ...fields });
const organizationRegistered = (organizationId: string) => given.organizationRegistered(organizationId, '63');
const courseCompleted = (teacherId: string, programId: string, completedOn?: string): CourseCompleted =>
  given.courseCompleted({ teacherId, organizationId: randomUUID(), region: '63' }, programId, completedOn);

// Trajectories' HTTP API and completion reaction given/when/then on the in-memory kit: the replicas
// are the service's projections kept in memory, fed the events the catalog and diagnostics topics
// would carry. The same flow runs on PostgreSQL, Kafka and FerretDB in trajectory-api.int.spec.ts.

interface View {
  status: string;
  organizationId: string;
  items: TrajectoryItem[];
}

function send(client: ApiClient, method: string, path: string, body?: unknown) {
  if (method === 'GET') return client.get(path);
  return method === 'PUT' ? client.put(path, body) : client.post(path, body);
}

describe('trajectories HTTP API', () => {
  const clock = new TestClock(new Date('2026-01-20T10:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
  let api: ServiceApi;
  let publish: (...events: EventEnvelope[]) => void;

  const school = randomUUID();
  const otherSchool = randomUUID();
  const teacherId = randomUUID();
  const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
  const self: Principal = { subject: teacherId, role: 'teacher', region: '63' };
  const literacy = programApproved({ title: 'Функциональная грамотность', competencies: ['R/01', 'A/01.6'] });
  const literacyLonger = programApproved({
    title: 'Грамотность: углублённый курс',
    competencies: ['R/01'],
    hours: 108,
    voucherEligible: false,
  });
  const digital = programApproved({ title: 'Цифровая школа', competencies: ['R/03'] });
  const archived = programApproved({ title: 'Наставничество в школе', competencies: ['R/05'] });
  const elsewhere = programApproved({ title: 'Оценивание', competencies: ['R/06'], region: '24' });
  const path = (id = teacherId, year = 2025) => `/teachers/${id}/trajectories/${year}`;
  const stream = (id = teacherId, year = 2025) => store.readStream(`trajectory-${id}-${year}`);
  const view = async (id = teacherId, year = 2025) =>
    (await api.as(admin).get<View>(`${path(id, year)}?region=63`)).body;
  const complete = (event: CourseCompleted) => api.app.get(CompletionReactions).onCourseCompleted(event);

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })]);
    publish = (...events) => api.app.get(PublishedEvents).publish(...events);
    publish(
      organizationRegistered(school),
      teacherRegistered(teacherId, school),
      deficitFound(teacherId, school, 'R/01', 0),
      deficitFound(teacherId, school, 'R/05', 1),
      deficitFound(teacherId, school, 'R/06', 2),
      literacy,
      literacyLonger,
      digital,
      archived,
      given.programArchived(archived),
      elsewhere,
    );
  });
  afterAll(() => api.close());

  it('proposes, lets the teacher edit and accept, and marks a completed course once', async () => {
    expect((await api.as(self).post(`${path()}/proposal`, { region: '63' })).status).toBe(201);
    const id = (key: string) => itemIdOf(teacherId, 2025, key);
    const literacyItem = {
      itemId: id(`program/${literacy.data.programId}`),
      kind: 'program',
      programId: literacy.data.programId,
      title: 'Функциональная грамотность',
      competencies: ['R/01'],
      status: 'planned',
    };
    // R/05's program is archived, R/06's is another region's: activities for both
    const mentoring = {
      itemId: id(`mentoring/${ACTIVITY_TITLES.mentoring}`),
      kind: 'mentoring',
      programId: null,
      title: ACTIVITY_TITLES.mentoring,
      competencies: ['R/05'],
      status: 'planned',
    };
    const expertWork = {
      itemId: id(`expert-work/${ACTIVITY_TITLES['expert-work']}`),
      kind: 'expert-work',
      programId: null,
      title: ACTIVITY_TITLES['expert-work'],
      competencies: ['R/06'],
      status: 'planned',
    };
    expect(await view()).toEqual({
      teacherId,
      region: '63',
      organizationId: school,
      year: 2025,
      status: 'proposed',
      items: [literacyItem, mentoring, expertWork],
      // the longer literacy course is the runner-up for R/01; R/05 and R/06 have no program here
      alternatives: [
        {
          competency: 'R/01',
          programs: [
            {
              programId: literacyLonger.data.programId,
              title: 'Грамотность: углублённый курс',
              hours: 108,
              voucherEligible: false,
              covers: ['R/01'],
            },
          ],
        },
      ],
    });

    const edit = {
      region: '63',
      drop: [expertWork.itemId.toUpperCase()],
      add: [
        { kind: 'program', programId: digital.data.programId },
        { kind: 'contest', title: 'Конкурс «Педагогический дебют»', competencies: ['R/06'] },
      ],
    };
    expect((await api.as(self).put(path(), edit)).status).toBe(200);
    const contest = {
      itemId: id('contest/Конкурс «Педагогический дебют»'),
      kind: 'contest',
      programId: null,
      title: 'Конкурс «Педагогический дебют»',
      competencies: ['R/06'],
      status: 'planned',
    };
    const digitalItem = {
      itemId: id(`program/${digital.data.programId}`),
      kind: 'program',
      programId: digital.data.programId,
      title: 'Цифровая школа',
      competencies: ['R/03'],
      status: 'planned',
    };
    expect(await view()).toMatchObject({
      status: 'accepted',
      items: [literacyItem, mentoring, { ...expertWork, status: 'dropped' }, digitalItem, contest],
    });
    // the same edit again decides nothing
    const revision = (await stream()).length;
    expect(await api.as(self).put(path(), edit)).toMatchObject({
      status: 200,
      body: { version: revision - 1 },
    });
    expect(await stream()).toHaveLength(revision);
    // once accepted, the plan is the teacher's
    expect(await api.as(admin).post(`${path()}/proposal`, { region: '63' })).toMatchObject({
      status: 422,
      body: { code: 'trajectory-already-accepted' },
    });

    const completed = courseCompleted(teacherId, literacy.data.programId);
    expect(await complete(completed)).toMatchObject({ decided: 1 });
    expect((await view()).items[0]).toEqual({ ...literacyItem, status: 'completed' });
    const afterCompletion = await stream();
    expect(afterCompletion.at(-1)).toMatchObject({
      type: 'diagnostics.TrajectoryProgressed',
      causationId: completed.id,
      data: {
        teacherId,
        region: '63',
        itemId: literacyItem.itemId,
        programId: literacy.data.programId,
        completedOn: '2026-04-17',
      },
    });
    // the same completion again, another completion of the program, one of a program not planned,
    // and one in another school year change nothing
    expect(await complete(completed)).toMatchObject({ alreadyHandled: 1 });
    await complete(courseCompleted(teacherId, literacy.data.programId, '2026-05-20'));
    await complete(courseCompleted(teacherId, literacyLonger.data.programId));
    await complete(courseCompleted(teacherId, digital.data.programId, '2026-09-15'));
    expect(await stream()).toHaveLength(afterCompletion.length);
    expect((await view()).items.filter((i) => i.status === 'completed')).toHaveLength(1);
    // a completed course stays in the trajectory
    expect(
      await api.as(self).put(path(), { region: '63', drop: [literacyItem.itemId], add: [] }),
    ).toMatchObject({ status: 422, body: { code: 'completed-item-cannot-be-dropped' } });
  });

  it('answers the region’s deficits no approved program covers, with the teachers who have each', async () => {
    const colleague = randomUUID();
    const teacher24 = randomUUID();
    publish(
      teacherRegistered(colleague, otherSchool),
      deficitFound(colleague, otherSchool, 'R/05', 0),
      deficitFound(colleague, otherSchool, 'R/03', 1),
      deficitFound(colleague, otherSchool, 'R/02', 2),
      deficitResolved(colleague, otherSchool, 'R/02', 3),
      deficitFound(teacher24, randomUUID(), 'R/04', 0, '24'),
    );
    const answer = await api.as(admin).get('/statistics/uncovered-deficits?region=63');
    expect(answer).toMatchObject({
      status: 200,
      body: {
        region: '63',
        framework: '2026.1',
        competencies: [
          { competency: 'R/05', name: 'Наставничество', teachers: 2 },
          { competency: 'R/06', name: 'Оценка образовательных результатов', teachers: 1 },
        ],
      },
    });
    expect((answer.body as { competencies: unknown[] }).competencies).toHaveLength(2);
  });

  it('shows an erased teacher’s trajectory to no one: it is the person’s, and goes with the person', async () => {
    const erased = randomUUID();
    publish(teacherRegistered(erased, school), deficitFound(erased, school, 'R/01', 0));
    expect((await api.as(admin).post(`${path(erased)}/proposal`, { region: '63' })).status).toBe(201);
    publish(given.teacherErased(erased, '63'));
    const coordinator: Principal = {
      subject: 'c',
      role: 'school-coordinator',
      region: '63',
      organization: school,
    };
    for (const [who, query] of [
      [admin, '?region=63'],
      [{ subject: 'a', role: 'auditor', region: '63' } as Principal, '?region=63'],
      [{ subject: erased, role: 'teacher', region: '63' } as Principal, '?region=63'],
      [coordinator, `?region=63&organization=${school}`],
    ] as const) {
      // as every read of an erased teacher: 410 with the reason (issue 16, item 11)
      expect(await api.as(who).get(`${path(erased)}${query}`)).toMatchObject({
        status: 410,
        body: { code: 'teacher-erased' },
      });
    }
  });

  it('refuses what the rules refuse, naming the problem', async () => {
    const unknownTeacher = randomUUID();
    expect(await api.as(admin).post(`${path(unknownTeacher)}/proposal`, { region: '63' })).toMatchObject({
      status: 404,
      body: { code: 'teacher-not-found' },
    });
    const satisfied = randomUUID();
    publish(teacherRegistered(satisfied, school));
    expect(await api.as(admin).post(`${path(satisfied)}/proposal`, { region: '63' })).toMatchObject({
      status: 422,
      body: { code: 'no-open-deficits' },
    });
    expect(await api.as(admin).get(`${path(satisfied)}?region=63`)).toMatchObject({
      status: 404,
      body: { code: 'trajectory-not-found' },
    });
    expect(
      (await api.as(admin).post(`${path(teacherId, 1999)}/proposal`, { region: '63' })).body,
    ).toMatchObject({
      status: 400,
      detail: expect.stringContaining('year'),
    });
    expect(
      (await api.as(admin).post('/teachers/nobody/trajectories/2025/proposal', { region: '63' })).status,
    ).toBe(400);
    const bad = async (body: unknown, field: string) => {
      const answer = await api.as(self).put(path(teacherId, 2025), body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(field);
    };
    await bad({ region: '63', drop: ['not-an-id'], add: [] }, 'drop');
    await bad({ region: '63', drop: [], add: [{ kind: 'program' }] }, 'programId');
    await bad({ region: '63', drop: [], add: [{ kind: 'course' }] }, 'kind');
    await bad(
      { region: '63', drop: [], add: [{ kind: 'mentoring', competencies: ['X/99'] }] },
      'competencies',
    );
    await bad({ region: '63', drop: [], add: [{ kind: 'mentoring', programId: randomUUID() }] }, 'programId');
    await bad(
      {
        region: '63',
        drop: [],
        add: [{ kind: 'program', programId: digital.data.programId, title: 'Свой' }],
      },
      'add[0]',
    );
    await bad({ region: '63', add: [] }, 'drop');
    for (const programId of [randomUUID(), elsewhere.data.programId, archived.data.programId]) {
      expect(
        await api.as(self).put(path(), { region: '63', drop: [], add: [{ kind: 'program', programId }] }),
      ).toMatchObject({ status: 422, body: { code: 'program-not-in-register' } });
    }
    const unknownItem = randomUUID();
    expect(await api.as(self).put(path(), { region: '63', drop: [unknownItem], add: [] })).toMatchObject({
      status: 422,
      body: { code: 'unknown-trajectory-item', detail: expect.stringContaining(unknownItem) },
    });
  });

  it('admits each role as far as it reaches, and no further', async () => {
    // a teacher of its own, proposed by the ministry, for the read and the edit
    const other = randomUUID();
    publish(teacherRegistered(other, school), deficitFound(other, school, 'R/01', 0));
    expect((await api.as(admin).post(`${path(other)}/proposal`, { region: '63' })).status).toBe(201);

    const teacher = (subject: string, region = '63'): Principal => ({ subject, role: 'teacher', region });
    const coordinatorOf = (organization: string, region = '63'): Principal => ({
      subject: 'coord',
      role: 'school-coordinator',
      region,
      organization,
    });
    const role = (r: Principal['role'], region = '63'): Principal => ({
      subject: `${r}-${region}`,
      role: r,
      region,
      ...(r === 'municipal-operator' ? { municipality: randomUUID() } : {}),
      ...(r === 'provider' ? { organization: randomUUID() } : {}),
    });
    const inSchool = `region=63&organization=${school}`;
    type Row = [string, Principal | null, string, string, unknown, number];
    const rows: Row[] = [
      // proposal: the teacher itself, its school's coordinator, the region's ministry
      ['POST', teacher(other), 'proposal', '', { region: '63' }, 201],
      ['POST', teacher(teacherId), 'proposal', '', { region: '63' }, 403],
      ['POST', teacher(other, '24'), 'proposal', '', { region: '63' }, 403],
      ['POST', teacher(other), 'proposal', '', {}, 403],
      ['POST', coordinatorOf(school), 'proposal', '', { region: '63', organization: school }, 201],
      ['POST', coordinatorOf(school), 'proposal', '', { region: '63' }, 403],
      ['POST', coordinatorOf(otherSchool), 'proposal', '', { region: '63', organization: school }, 403],
      ['POST', coordinatorOf(otherSchool), 'proposal', '', { region: '63', organization: otherSchool }, 404],
      ['POST', admin, 'proposal', '', { region: '63' }, 201],
      ['POST', role('ministry-admin', '24'), 'proposal', '', { region: '63' }, 403],
      ['POST', role('ministry-admin', '24'), 'proposal', '', { region: '24' }, 404],
      ['POST', role('auditor'), 'proposal', '', { region: '63' }, 403],
      ['POST', role('municipal-operator'), 'proposal', '', { region: '63' }, 403],
      ['POST', role('provider'), 'proposal', '', { region: '63' }, 403],
      ['POST', role('expert'), 'proposal', '', { region: '63' }, 403],
      ['POST', null, 'proposal', '', { region: '63' }, 401],
      // reading: the same, and auditors
      ['GET', teacher(other), '', '?region=63', undefined, 200],
      ['GET', teacher(teacherId), '', '?region=63', undefined, 403],
      ['GET', coordinatorOf(school), '', `?${inSchool}`, undefined, 200],
      ['GET', coordinatorOf(otherSchool), '', `?region=63&organization=${otherSchool}`, undefined, 404],
      ['GET', admin, '', '?region=63', undefined, 200],
      ['GET', admin, '', '', undefined, 200],
      ['GET', role('auditor'), '', '?region=63', undefined, 200],
      ['GET', role('auditor', '24'), '', '?region=63', undefined, 403],
      ['GET', role('auditor', '24'), '', '?region=24', undefined, 404],
      ['GET', role('municipal-operator'), '', '?region=63', undefined, 403],
      ['GET', role('provider'), '', '?region=63', undefined, 403],
      ['GET', role('expert'), '', '?region=63', undefined, 403],
      ['GET', null, '', '?region=63', undefined, 401],
      // the edit: the teacher alone
      ['PUT', coordinatorOf(school), '', '', { region: '63', organization: school, drop: [], add: [] }, 403],
      ['PUT', admin, '', '', { region: '63', drop: [], add: [] }, 403],
      ['PUT', teacher(teacherId), '', '', { region: '63', drop: [], add: [] }, 403],
      ['PUT', teacher(other, '24'), '', '', { region: '63', drop: [], add: [] }, 403],
      ['PUT', null, '', '', { region: '63', drop: [], add: [] }, 401],
      ['PUT', teacher(other), '', '', { region: '63', drop: [], add: [] }, 200],
    ];
    const answers = [];
    for (const [method, principal, tail, query, body, expected] of rows) {
      const client = principal ? api.as(principal) : api.anonymous;
      const url = `${path(other)}${tail ? `/${tail}` : ''}${query}`;
      const answer = await send(client, method, url, body);
      answers.push({
        method,
        who: principal ? `${principal.role}@${principal.region}` : 'anonymous',
        url,
        status: answer.status,
        expected,
      });
    }
    expect(answers.filter((a) => a.status !== a.expected)).toEqual([]);

    const statistics: [Principal | null, string, number][] = [
      [admin, '?region=63', 200],
      [admin, '', 200],
      [role('auditor'), '?region=63', 200],
      [role('municipal-operator'), '?region=63', 200],
      [role('provider'), '?region=63', 200],
      [role('provider', '24'), '?region=63', 403],
      [teacher(other), '?region=63', 403],
      [coordinatorOf(school), `?${inSchool}`, 403],
      [role('expert'), '?region=63', 403],
      [null, '?region=63', 401],
    ];
    for (const [principal, query, expected] of statistics) {
      const client = principal ? api.as(principal) : api.anonymous;
      expect([principal?.role, (await client.get(`/statistics/uncovered-deficits${query}`)).status]).toEqual([
        principal?.role,
        expected,
      ]);
    }
  });
});

describe('a trajectory for a school physics teacher (issue 16.2)', () => {
  // The register offers a short course for preschool methodists covering both of the teacher's
  // deficits, and two voucher-eligible 36-hour courses for school teachers, one per deficit: the
  // trajectory proposes the two, and the teacher sees what else it could take for each deficit.
  it('proposes only what the teacher can take, and shows the runner-ups for each deficit', async () => {
    const clock = new TestClock(new Date('2026-01-20T10:00:00Z'));
    const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
    const api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })]);
    const publish = (...events: EventEnvelope[]) => api.app.get(PublishedEvents).publish(...events);
    try {
      const [school, teacherId] = [randomUUID(), randomUUID()];
      const place = { teacherId, organizationId: school, region: '63' };
      const forSchoolTeachers = {
        region: '63',
        targetPositions: ['teacher' as const],
        organizationTypes: ['school' as const],
        voucherEligible: true,
        hours: 36,
      };
      const forMethodists = given.programApproved({
        region: '63',
        title: 'Методическое сопровождение в ДОУ',
        competencies: ['R/01', 'R/02'],
        hours: 20,
        voucherEligible: false,
        targetPositions: ['methodist'],
        organizationTypes: ['preschool'],
      });
      const literacy = given.programApproved({
        ...forSchoolTeachers,
        title: 'Функциональная грамотность на уроках физики',
        competencies: ['R/01'],
      });
      const inclusion = given.programApproved({
        ...forSchoolTeachers,
        title: 'Инклюзивное образование в школе',
        competencies: ['R/02'],
      });
      const literacyLonger = given.programApproved({
        ...forSchoolTeachers,
        title: 'Читательская грамотность',
        competencies: ['R/01'],
        hours: 20,
        voucherEligible: false,
      });
      // given a school physics teacher (the golden TeacherRegistered) with two deficits
      publish(
        given.organizationRegistered(school, '63'),
        given.teacherRegistered(teacherId, school, '63'),
        given.deficitFound(place, 'R/01', 0),
        given.deficitFound(place, 'R/02', 1),
        forMethodists,
        literacy,
        inclusion,
        literacyLonger,
      );
      const self: Principal = { subject: teacherId, role: 'teacher', region: '63' };
      const path = `/teachers/${teacherId}/trajectories/2025`;
      // when the trajectory is proposed
      expect((await api.as(self).post(`${path}/proposal`, { region: '63' })).status).toBe(201);
      // then it holds the two courses for school teachers, not the methodists' one
      const read = await api.as(self).get<View & { alternatives: unknown }>(`${path}?region=63`);
      expect(read.status).toBe(200);
      expect(read.body.items.map((i) => i.programId)).toEqual([
        inclusion.data.programId,
        literacy.data.programId,
      ]);
      // and each deficit shows its runner-ups: the shorter literacy course, nothing else for R/02
      expect(read.body.alternatives).toEqual([
        {
          competency: 'R/01',
          programs: [
            {
              programId: literacyLonger.data.programId,
              title: 'Читательская грамотность',
              hours: 20,
              voucherEligible: false,
              covers: ['R/01'],
            },
          ],
        },
        { competency: 'R/02', programs: [] },
      ]);
      // when the teacher takes the runner-up instead, the course it dropped becomes the runner-up
      const literacyItem = read.body.items.find((i) => i.programId === literacy.data.programId)!;
      const edit = {
        region: '63',
        drop: [literacyItem.itemId],
        add: [{ kind: 'program', programId: literacyLonger.data.programId }],
      };
      expect((await api.as(self).put(path, edit)).status).toBe(200);
      const after = await api
        .as(self)
        .get<{ alternatives: { programs: { programId: string }[] }[] }>(`${path}?region=63`);
      expect(after.body.alternatives.map((a) => a.programs.map((p) => p.programId))).toEqual([
        [literacy.data.programId],
        [],
      ]);
    } finally {
      await api.close();
    }
  });

  it('documents the reading with its runner-ups in the OpenAPI document', async () => {
    const api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service)]);
    try {
      const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
      const answer = (document.paths['/teachers/{teacherId}/trajectories/{year}']?.get?.responses ?? {})[
        '200'
      ] as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
      expect(answer?.content?.['application/json']?.schema?.$ref).toBe(
        '#/components/schemas/TrajectoryAnswer',
      );
      const schemas = document.components?.schemas as Record<
        string,
        { properties?: Record<string, unknown> }
      >;
      expect(Object.keys(schemas['TrajectoryAnswer']?.properties ?? {})).toContain('alternatives');
      expect(Object.keys(schemas['RunnerUpAnswer']?.properties ?? {})).toEqual([
        'programId',
        'title',
        'hours',
        'voucherEligible',
        'covers',
      ]);
    } finally {
      await api.close();
    }
  });
});

describe('trajectories of a teacher who moved school', () => {
  // A trajectory keeps the school it was proposed at; who may read it follows the teacher's record.
  it('lets the coordinator of the school a teacher moved to read the trajectory, and no longer the old one', async () => {
    const clock = new TestClock(new Date('2026-01-20T10:00:00Z'));
    const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
    const api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })]);
    const publish = (...events: EventEnvelope[]) => api.app.get(PublishedEvents).publish(...events);
    try {
      const [oldSchool, newSchool, teacherId] = [randomUUID(), randomUUID(), randomUUID()];
      const self: Principal = { subject: teacherId, role: 'teacher', region: '63' };
      const coordinatorOf = (organization: string): Principal => ({
        subject: `coordinator-${organization}`,
        role: 'school-coordinator',
        region: '63',
        organization,
      });
      const registered = given.teacherRegistered(teacherId, oldSchool, '63');
      publish(
        given.organizationRegistered(oldSchool, '63'),
        registered,
        given.deficitFound({ teacherId, organizationId: oldSchool, region: '63' }, 'R/01', 0),
      );
      const path = `/teachers/${teacherId}/trajectories/2025`;
      expect((await api.as(self).post(`${path}/proposal`, { region: '63' })).status).toBe(201);
      expect((await api.as(self).put(path, { region: '63', drop: [], add: [] })).status).toBe(200);
      const read = async (school: string) =>
        (await api.as(coordinatorOf(school)).get(`${path}?region=63&organization=${school}`)).status;
      expect(await read(oldSchool)).toBe(200);

      publish(
        publishedEvent(
          'diagnostics.TeacherUpdated',
          { ...registered.data, organizationId: newSchool },
          { subject: `teacher-${teacherId}`, position: 5 },
        ),
      );
      expect(await read(newSchool)).toBe(200);
      expect(await read(oldSchool)).toBe(404);
    } finally {
      await api.close();
    }
  });
});

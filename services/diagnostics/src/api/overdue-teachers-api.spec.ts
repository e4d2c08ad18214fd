import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import type { EventEnvelope } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { PublishedEvents, ServiceKit } from '@pk/service-runtime';
import { publishedEvent, type ServiceApi, startServiceApi, TestClock } from '@pk/test-kit';
import { service } from '../service';

// The list behind the overdue report's count per school (issue 16, item 10): a school coordinator
// works through its overdue teachers, a page at a time, seeing the professional record only. The
// roster is fed the public events the diagnostics topic carries.

describe('overdue teachers of a school (in memory)', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  let api: ServiceApi;
  let publish: (...events: EventEnvelope[]) => void;

  const school = randomUUID();
  const otherSchool = randomUUID();
  const municipality = randomUUID();
  const otherMunicipality = randomUUID();
  const ids = Array.from({ length: 7 }, () => randomUUID()).sort();
  const path = (query: string) => `/statistics/overdue-training/teachers?region=63&${query}`;

  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const auditor: Principal = { subject: 'auditor', role: 'auditor', region: '63' };
  const coordinator: Principal = {
    subject: 'coord',
    role: 'school-coordinator',
    region: '63',
    organization: school,
  };
  const operator: Principal = { subject: 'op', role: 'municipal-operator', region: '63', municipality };
  const otherOperator: Principal = { ...operator, municipality: otherMunicipality };

  const registered = (
    teacherId: string,
    lastTrainingCompletedOn: string | null,
    organizationId = school,
    municipalityId = municipality,
  ) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      {
        teacherId,
        region: '63',
        organizationId,
        municipalityId,
        position: 'teacher',
        subjects: ['physics'],
        workProfile: '',
        category: 'none',
        categorySince: null,
        education: 'higher-pedagogical',
        lastTrainingCompletedOn,
      },
      { subject: `teacher-${teacherId}` },
    );

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [
      ServiceKit.inMemory(service, {
        store: new InMemoryEventStore({ source: 'pk/diagnostics', clock }),
        clock,
      }),
    ]);
    publish = (...events) => api.app.get(PublishedEvents).publish(...events);
    publish(
      registered(ids[0]!, '2023-06-30'), // overdue on 2026-09-01
      registered(ids[1]!, '2024-06-30'), // not overdue
      registered(ids[2]!, null), // none known: overdue
      registered(ids[3]!, '2021-05-10'), // overdue
      registered(ids[4]!, '2020-01-15'), // overdue, then erased
      registered(ids[5]!, '2019-01-01', otherSchool), // another school
      registered(ids[6]!, '2018-01-01'), // overdue
      publishedEvent(
        'diagnostics.TeacherErased',
        { teacherId: ids[4]!, region: '63' },
        { subject: `teacher-${ids[4]}`, position: 1 },
      ),
    );
  });
  afterAll(() => api.close());

  it('lists the school’s overdue teachers by id, a page at a time, with the record and no name', async () => {
    const first = await api.as(coordinator).get(path(`organizationId=${school}&on=2026-09-01&limit=2`));
    expect(first).toMatchObject({ status: 200 });
    expect(first.body).toEqual({
      region: '63',
      organizationId: school,
      on: '2026-09-01',
      teachers: [
        {
          teacherId: ids[0],
          municipalityId: municipality,
          position: 'teacher',
          subjects: ['physics'],
          workProfile: '',
          category: 'none',
          lastTrainingCompletedOn: '2023-06-30',
          trainingDueOn: '2026-06-30',
        },
        expect.objectContaining({ teacherId: ids[2], lastTrainingCompletedOn: null, trainingDueOn: null }),
      ],
      next: ids[2],
    });
    const second = await api
      .as(coordinator)
      .get<{ teachers: { teacherId: string }[]; next: string | null }>(
        path(`organizationId=${school}&on=2026-09-01&limit=2&after=${ids[2]}`),
      );
    expect(second.body.teachers.map((t) => t.teacherId)).toEqual([ids[3], ids[6]]);
    expect(second.body.next).toBeNull();
    // the day decides: on 2024-01-01 only the one trained in 2018 and the one with none known
    const earlier = await api
      .as(admin)
      .get<{ teachers: { teacherId: string }[] }>(path(`organizationId=${school}&on=2024-01-01`));
    expect(earlier.body.teachers.map((t) => t.teacherId)).toEqual([ids[2], ids[6]]);
  });

  it('answers the ministry, the auditor and the school’s municipality; refuses other schools and roles', async () => {
    const all = [ids[0], ids[2], ids[3], ids[6]];
    for (const who of [admin, auditor, operator]) {
      const answer = await api
        .as(who)
        .get<{ teachers: { teacherId: string }[] }>(path(`organizationId=${school}&on=2026-09-01`));
      expect({ who: who.role, ids: answer.body.teachers?.map((t) => t.teacherId) }).toEqual({
        who: who.role,
        ids: all,
      });
    }
    // another municipality's operator sees none of this school's teachers
    expect(
      (
        await api
          .as(otherOperator)
          .get<{ teachers: unknown[] }>(path(`organizationId=${school}&on=2026-09-01`))
      ).body.teachers,
    ).toEqual([]);
    expect(await api.as(coordinator).get(path(`organizationId=${otherSchool}`))).toMatchObject({
      status: 403,
    });
    expect(
      await api
        .as({ subject: 'p', role: 'provider', region: '63', organization: school })
        .get(path(`organizationId=${school}`)),
    ).toMatchObject({ status: 403 });
    expect(await api.as({ ...admin, region: '24' }).get(path(`organizationId=${school}`))).toMatchObject({
      status: 403,
    });
    expect(await api.as(admin).get(path('on=2026-09-01'))).toMatchObject({ status: 400 });
  });
});

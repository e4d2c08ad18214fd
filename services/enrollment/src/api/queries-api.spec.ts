import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { service } from '../service';
import { EnrollmentReactions } from './reactions.controller';

// The lists across offerings on the in-memory kit: the applications read model fed by enrollment's
// own public events (relayed in memory) and by completions published on its topic. The same on the
// servers: queries-api.int.spec.ts.

const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
const adminElsewhere: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
const coordinatorOf = (organization: string): Principal => ({
  subject: `coord-${organization}`,
  role: 'school-coordinator',
  region: '63',
  organization,
});
const teacherOf = (subject = randomUUID()): Principal => ({ subject, role: 'teacher', region: '63' });
const provider: Principal = { subject: 'prov', role: 'provider', region: '63', organization: ids.provider };

type Row = Record<string, unknown> & { applicationId: string; status: string };

describe('enrollment lists across offerings (in memory)', () => {
  let api: InMemoryService;
  let reactions: EnrollmentReactions;

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock: new TestClock(new Date('2026-09-01T09:00:00Z')) });
    reactions = api.app.get(EnrollmentReactions);
  });
  afterAll(() => api.close());

  async function offering(capacity = 10) {
    const opened = offeringOpened({ capacity });
    await reactions.onOfferingOpened(opened);
    return opened.data.offeringId;
  }
  /** An application the school approved: on the employer route it is confirmed at once. */
  async function enrolled(offeringId: string, school: string, route = 'employer', who = teacherOf()) {
    const applied = await api
      .as(who)
      .post(`/offerings/${offeringId}/applications`, { organizationId: school, route });
    expect(applied.status).toBe(201);
    const applicationId = applied.body['applicationId'] as string;
    const approval = await api
      .as(coordinatorOf(school))
      .post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
    expect(approval.status).toBe(201);
    return { who, applicationId };
  }
  const list = async (query: string, who = admin) => {
    const answer = await api
      .as(who)
      .get<{ applications: Row[]; next: string | null }>(`/applications?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('the ministry’s list by route and status, paged to the end with each application once', async () => {
    const school = randomUUID();
    const offeringId = await offering();
    const employer = await Promise.all([1, 2, 3, 4, 5].map(() => enrolled(offeringId, school)));
    const voucher = await enrolled(offeringId, school, 'voucher');

    // every page size walks to the end with each application once: one a page, pages ending inside a
    // shard and at its end, one page holding all
    for (const pageSize of [1, 2, 5, 6]) {
      const query = `organizationId=${school}&route=employer&status=confirmed&pageSize=${pageSize}`;
      const seen: string[] = [];
      let page = await list(query);
      for (let guard = 0; ; guard++) {
        expect(page.applications.length).toBeLessThanOrEqual(pageSize);
        seen.push(...page.applications.map((row) => row.applicationId));
        if (page.next === null || guard > 10) break;
        page = await list(`${query}&cursor=${page.next}`);
      }
      expect(seen.sort()).toEqual(employer.map((e) => e.applicationId).sort());
    }

    // the voucher application waits for its block: its route and status, not the employer's
    expect((await list(`organizationId=${school}&route=voucher`)).applications).toEqual([
      expect.objectContaining({
        applicationId: voucher.applicationId,
        status: 'awaiting-block',
        route: 'voucher',
      }),
    ]);
    expect((await list(`organizationId=${school}`, adminElsewhere)).applications).toEqual([]);
  });

  it('a school’s staff in training and a teacher’s history, with the completion published on the topic', async () => {
    const school = randomUUID();
    const offeringId = await offering();
    const done = await enrolled(offeringId, school);
    const still = await enrolled(offeringId, school);
    // both in training; reading also relays the confirmations to the topic before the completion
    const before = await api
      .as(coordinatorOf(school))
      .get<{ applications: Row[] }>(`/schools/${school}/staff-in-training`);
    expect(before.body.applications.map((row) => row.applicationId).sort()).toEqual(
      [done.applicationId, still.applicationId].sort(),
    );
    api.publish(
      publishedEvent(
        'enrollment.CourseCompleted',
        {
          enrollmentId: done.applicationId,
          teacherId: done.who.subject,
          region: '63',
          organizationId: school,
          offeringId,
          programId: ids.program,
          providerId: ids.provider,
          kind: 'advanced-training',
          hours: 72,
          completedOn: '2026-10-20',
          certificateNumber: '632400000777',
        },
        // the group stream's next position: after the confirmations of both
        { subject: `group-${offeringId}`, position: 100, time: '2026-10-20T15:00:00.000Z' },
      ),
    );

    const staff = await api
      .as(coordinatorOf(school))
      .get<{ applications: Row[] }>(`/schools/${school}/staff-in-training`);
    expect(staff.status).toBe(200);
    expect(staff.body.applications.map((row) => row.applicationId)).toEqual([still.applicationId]);
    const completed = await api
      .as(coordinatorOf(school))
      .get<{ applications: Row[] }>(`/schools/${school}/staff-in-training?status=completed`);
    expect(completed.body.applications).toEqual([
      expect.objectContaining({ applicationId: done.applicationId, status: 'completed', hours: 72 }),
    ]);

    const history = await api.as(done.who).get<{ courses: Row[] }>(`/teachers/${done.who.subject}/history`);
    expect(history.status).toBe(200);
    expect(history.body.courses).toEqual([
      expect.objectContaining({
        applicationId: done.applicationId,
        status: 'completed',
        route: 'employer',
        certificateNumber: '632400000777',
        completedOn: '2026-10-20',
      }),
    ]);
  });

  it('refuses bad input naming the field', async () => {
    const problems = await Promise.all(
      [
        'status=finished',
        'route=bank',
        'pageSize=0',
        'pageSize=500',
        'month=2026-13',
        'organizationId=x',
        'cursor=garbage',
        'sort=name',
      ].map(async (query) => {
        const answer = await api.as(admin).get(`/applications?${query}`);
        return `${answer.status} ${JSON.stringify(answer.body['errors'] ?? answer.body['detail'] ?? answer.body)}`;
      }),
    );
    expect(problems.map((p) => p.slice(0, 3))).toEqual(Array(8).fill('400'));
    for (const [index, field] of [
      'status',
      'route',
      'pageSize',
      'pageSize',
      'month',
      'organizationId',
      'cursor',
      'sort',
    ].entries()) {
      expect(problems[index]).toContain(field);
    }
    const staff = await api.as(admin).get(`/schools/${ids.school}/staff-in-training?status=lost`);
    expect(staff.status).toBe(400);
  });

  it('answers each role on each route as the matrix says', async () => {
    const school = ids.school;
    const own = teacherOf();
    const cells: [string, Principal, string, number][] = [
      ['region list: ministry', admin, '/applications', 200],
      ['region list: coordinator', coordinatorOf(school), '/applications', 403],
      ['region list: teacher', own, '/applications', 403],
      ['region list: provider', provider, '/applications', 403],
      ['region list: auditor', { subject: 'aud', role: 'auditor', region: '63' }, '/applications', 403],
      [
        'region list: municipal operator',
        { subject: 'op', role: 'municipal-operator', region: '63', municipality: randomUUID() },
        '/applications',
        403,
      ],
      ['staff: own school', coordinatorOf(school), `/schools/${school}/staff-in-training`, 200],
      ['staff: another school', coordinatorOf(ids.otherSchool), `/schools/${school}/staff-in-training`, 403],
      ['staff: ministry', admin, `/schools/${school}/staff-in-training`, 200],
      ['staff: teacher', own, `/schools/${school}/staff-in-training`, 403],
      ['staff: provider', provider, `/schools/${school}/staff-in-training`, 403],
      ['history: own teacher', own, `/teachers/${own.subject}/history`, 200],
      ['history: another teacher', teacherOf(), `/teachers/${own.subject}/history`, 403],
      ['history: ministry', admin, `/teachers/${own.subject}/history`, 200],
      ['history: coordinator', coordinatorOf(school), `/teachers/${own.subject}/history`, 403],
      ['history: provider', provider, `/teachers/${own.subject}/history`, 403],
    ];
    const answers: string[] = [];
    for (const [name, who, path] of cells) answers.push(`${name}: ${(await api.as(who).get(path)).status}`);
    expect(answers).toEqual(cells.map(([name, , , status]) => `${name}: ${status}`));
  });
});

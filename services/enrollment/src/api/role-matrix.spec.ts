import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal, type Role, ROLES } from '@pk/auth';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type InMemoryService, startInMemoryService } from '@pk/test-kit';
import { ids } from '../../test/group.fixtures';
import { service } from '../service';

// Every role on every route of enrollment, cell by cell: a role the route does not admit is 403
// before anything is read; a role it admits reaches the route, which answers an offering it does not
// know with 404 and a list with 200. Within the admitted roles, the scope (own school, own provider,
// own teacher, own region) is asserted cell by cell by the route groups' matrices in
// group-api.spec.ts and queries-api.spec.ts; this one makes sure no role is left out of any route.

const region = '63';
const teacherId = randomUUID();
const principalOf = (role: Role): Principal => {
  switch (role) {
    case 'teacher':
      return { subject: teacherId, role, region };
    case 'school-coordinator':
      return { subject: 'coord', role, region, organization: ids.school };
    case 'provider':
      return { subject: 'prov', role, region, organization: ids.provider };
    case 'municipal-operator':
      return { subject: 'op', role, region, municipality: randomUUID() };
    case 'federal-analyst':
      return { subject: 'federal', role, region: ALL_REGIONS }; // refused everywhere: monitoring's alone
    default:
      return { subject: role, role, region };
  }
};

// 16 routes × 9 roles, one request each: more than the default five seconds on a shared machine
jest.setTimeout(60_000);

describe('enrollment: every role on every route (in memory)', () => {
  let api: InMemoryService;
  beforeAll(async () => {
    api = await startInMemoryService(service);
  });
  afterAll(() => api.close());

  const offering = `/offerings/${randomUUID()}`;
  const application = `${offering}/applications/${randomUUID()}`;
  type Route = {
    readonly name: string;
    /** As the OpenAPI document names it. */
    readonly operation: string;
    readonly method: 'get' | 'post' | 'put';
    readonly path: string;
    readonly body?: object;
    /** The roles the route admits, and what each gets here. */
    readonly admits: Partial<Record<Role, number>>;
  };
  const routes: Route[] = [
    {
      name: 'apply',
      operation: 'POST /offerings/{offeringId}/applications',
      method: 'post',
      path: `${offering}/applications`,
      body: { organizationId: ids.school, route: 'employer' },
      admits: { teacher: 404 },
    },
    {
      name: 'approve',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/approval',
      method: 'post',
      path: `${application}/approval`,
      body: {},
      admits: { 'school-coordinator': 404 },
    },
    {
      name: 'decline',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/decline',
      method: 'post',
      path: `${application}/decline`,
      body: { reason: 'нет замены' },
      admits: { 'school-coordinator': 404 },
    },
    {
      name: 'withdraw',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/withdrawal',
      method: 'post',
      path: `${application}/withdrawal`,
      body: { reason: '' },
      admits: { teacher: 404 },
    },
    {
      name: 'quota',
      operation: 'PUT /offerings/{offeringId}/state-assignment-quota',
      method: 'put',
      path: `${offering}/state-assignment-quota`,
      body: { places: 1 },
      admits: { 'ministry-admin': 404 },
    },
    {
      name: 'state-assignment list',
      operation: 'POST /offerings/{offeringId}/state-assignment-list',
      method: 'post',
      path: `${offering}/state-assignment-list`,
      body: { teachers: [{ teacherId: randomUUID(), organizationId: ids.school }] },
      admits: { 'ministry-admin': 404 },
    },
    {
      name: 'completion',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/completion',
      method: 'post',
      path: `${application}/completion`,
      body: {
        kind: 'advanced-training',
        hours: 72,
        certificateNumber: '632400012345',
        completedOn: '2026-10-10',
      },
      admits: { provider: 404 },
    },
    {
      name: 'non-completion',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/non-completion',
      method: 'post',
      path: `${application}/non-completion`,
      body: { code: 'dropped-out', reason: 'отчислен', endedOn: '2026-10-05' },
      admits: { provider: 404 },
    },
    {
      name: 'attendance',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/attendance',
      method: 'post',
      path: `${application}/attendance`,
      body: { hoursAttended: 10, hoursPlanned: 72 },
      admits: { provider: 404 },
    },
    {
      name: 'feedback',
      operation: 'POST /offerings/{offeringId}/applications/{applicationId}/feedback',
      method: 'post',
      path: `${application}/feedback`,
      body: { content: 5, practiceOrientation: 4, teachers: 5, organization: 4 },
      admits: { teacher: 404 },
    },
    {
      name: 'application',
      operation: 'GET /offerings/{offeringId}/applications/{applicationId}',
      method: 'get',
      path: application,
      admits: { teacher: 404, 'school-coordinator': 404, 'ministry-admin': 404 },
    },
    {
      name: 'group',
      operation: 'GET /offerings/{offeringId}/group',
      method: 'get',
      path: `${offering}/group`,
      admits: { provider: 404, 'ministry-admin': 404 },
    },
    {
      name: "teacher's applications",
      operation: 'GET /teachers/{teacherId}/applications',
      method: 'get',
      path: `/teachers/${teacherId}/applications`,
      admits: { teacher: 200, 'ministry-admin': 200 },
    },
    {
      name: "ministry's applications",
      operation: 'GET /applications',
      method: 'get',
      path: '/applications',
      admits: { 'ministry-admin': 200 },
    },
    {
      name: 'staff in training',
      operation: 'GET /schools/{organizationId}/staff-in-training',
      method: 'get',
      path: `/schools/${ids.school}/staff-in-training`,
      admits: { 'school-coordinator': 200, 'ministry-admin': 200 },
    },
    {
      name: "teacher's history",
      operation: 'GET /teachers/{teacherId}/history',
      method: 'get',
      path: `/teachers/${teacherId}/history`,
      admits: { teacher: 200, 'ministry-admin': 200 },
    },
  ];

  it('answers each of the roles on each route: 403 unless admitted', async () => {
    const expected: string[] = [];
    const answered: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const client = api.as(principalOf(role));
        const answer =
          route.method === 'get'
            ? await client.get(route.path)
            : await client[route.method](route.path, route.body);
        answered.push(`${route.name}: ${role}: ${answer.status}`);
        expected.push(`${route.name}: ${role}: ${route.admits[role] ?? 403}`);
      }
    }
    expect(answered).toEqual(expected);
  });

  it('covers every route of the service', () => {
    const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // the kit's own routes (health, dead letters, the schedule) have matrices of their own
    const own = operations.filter((o) => !/ \/(health|metrics|dead-letters|schedule)/.test(o)).sort();
    expect(own).toEqual(routes.map((r) => r.operation).sort());
  });
});

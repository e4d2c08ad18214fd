import { randomUUID } from 'node:crypto';
import { ALL_REGIONS, type Principal, ROLES, type Role } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService } from '@pk/test-kit';
import { service } from '../service';

// GET /statistics/activity in memory: who may read it, the scope each role gets, and bad input. The
// arithmetic is activity-statistics.projection.spec.ts's; on real servers, activity-api.int.spec.ts.

describe('activity statistics API (in memory)', () => {
  let api: InMemoryService;
  const [m1, m2, o1, o2, providerId, programId, offeringId] = Array.from({ length: 7 }, () => randomUUID());
  const attached = Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        subject: `${role}-1`,
        role,
        region: role === 'federal-analyst' ? ALL_REGIONS : '63',
        ...(role === 'municipal-operator' ? { municipality: m1 } : {}),
        ...(role === 'school-coordinator' || role === 'provider' ? { organization: o1 } : {}),
      },
    ]),
  ) as Record<Role, Principal>;
  const ministry = attached['ministry-admin'];
  const operator = attached['municipal-operator'];
  const admitted: readonly Role[] = [
    'ministry-admin',
    'auditor',
    'municipal-operator',
    'school-coordinator', // their own school's
    'federal-analyst',
  ];

  beforeAll(async () => {
    api = await startInMemoryService(service);
    const confirmed = (organizationId: string, position: number) =>
      publishedEvent(
        'enrollment.EnrollmentConfirmed',
        { applicationId: randomUUID(), region: '63', organizationId, offeringId, providerId, programId },
        { subject: `group-${offeringId}`, position, time: '2026-03-01T09:00:00.000Z' },
      );
    api.publish(
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: o1, region: '63', municipalityId: m1 },
        { subject: `organization-${o1}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: o2, region: '63', municipalityId: m2 },
        { subject: `organization-${o2}` },
      ),
      confirmed(o1, 0),
      confirmed(o2, 1),
      confirmed(o2, 2),
    );
  });
  afterAll(() => api.close());

  it('admits exactly the ministry, the auditor, the municipal operator, the school coordinator and the federal role', async () => {
    const statuses = Object.fromEntries(
      await Promise.all(
        ROLES.map(
          async (role) =>
            [
              role,
              (await api.as(attached[role]).get('/statistics/activity?year=2026&region=63')).status,
            ] as const,
        ),
      ),
    );
    expect(statuses).toEqual(
      Object.fromEntries(ROLES.map((role) => [role, admitted.includes(role) ? 200 : 403])),
    );
    expect((await api.anonymous.get('/statistics/activity?year=2026')).status).toBe(401);
  });

  it('gives the operator their own municipality, never another; the ministry the region', async () => {
    expect((await api.as(operator).get('/statistics/activity?year=2026')).body).toMatchObject({
      municipalityId: m1,
      enrollments: { confirmed: 1 },
    });
    expect((await api.as(operator).get(`/statistics/activity?year=2026&municipalityId=${m2}`)).status).toBe(
      403,
    );
    expect((await api.as(ministry).get('/statistics/activity?year=2026')).body).toMatchObject({
      municipalityId: null,
      enrollments: { confirmed: 3 },
    });
    expect(
      (
        await api
          .as(ministry)
          .get(`/statistics/activity?year=2026&municipalityId=${m2}&providerId=${providerId}`)
      ).body,
    ).toMatchObject({ enrollments: { confirmed: 2, withdrawnBeforeConfirmation: null } });
    expect((await api.as(ministry).get('/statistics/activity?year=2026&region=24')).status).toBe(403);
  });

  it('refuses a bad year or provider with the field named', async () => {
    const badYear = await api.as(ministry).get('/statistics/activity?year=1999');
    expect(badYear.status).toBe(400);
    expect(badYear.body).toMatchObject({ code: 'invalid-request' });
    expect(JSON.stringify(badYear.body)).toMatch(/year/);
    const badProvider = await api.as(ministry).get('/statistics/activity?year=2026&providerId=nope');
    expect(badProvider.status).toBe(400);
    expect(JSON.stringify(badProvider.body)).toMatch(/providerId/);
  });
});

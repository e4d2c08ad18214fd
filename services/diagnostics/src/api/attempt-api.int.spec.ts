import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { REGION_CODES } from '@pk/contracts';
import type { EventStore } from '@pk/kernel';
import { EVENT_STORE, ServiceKit } from '@pk/service-runtime';
import { type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { answersFor } from '../../test/instruments.fixtures';
import { service } from '../service';
import { teacherRegistered } from '../../test/attempt.fixtures';

// Assessment as it runs: attempts scored into PostgreSQL, relayed to pk.diagnostics.events.v1, and
// the teacher's profile and the deficit maps read back from FerretDB. The teacher is registered by
// appending the contract's TeacherRegistered to its stream (the teacher aggregate is another
// part's). Fresh organization and municipality ids keep earlier runs out of the counts.
jest.setTimeout(90_000);

interface Profile {
  current: { competency: string; score: number; source: string }[];
  openDeficits: { competency: string; foundBy: string }[];
}
interface DeficitMap {
  competencies: { competency: string; teachers: number }[];
}

describe('assessment on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const given = teacherRegistered({ region });
  const teacher = given.record;
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const self: Principal = { subject: teacher.teacherId, role: 'teacher', region };
  const coordinator: Principal = {
    subject: 'oo',
    role: 'school-coordinator',
    region,
    organization: teacher.organizationId,
  };
  const operator: Principal = {
    subject: 'mo',
    role: 'municipal-operator',
    region,
    municipality: teacher.municipalityId,
  };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const campaign = {
    campaignId: randomUUID(),
    region,
    kind: 'self-diagnostics',
    year: new Date().getUTCFullYear(),
    opensOn: day(-1),
    closesOn: day(30),
  };
  let api: ServiceApi;

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.forService(service)]);
    await api.app.get<EventStore>(EVENT_STORE).append(given.streamId, [given.event], 'no-stream');
  });
  afterAll(async () => {
    await api.as(admin).post(`/campaigns/${campaign.campaignId}/close`, { region });
    await api.close();
  });

  const profile = async () =>
    (await api.as(coordinator).get<Profile>(`/teachers/${teacher.teacherId}/profile?region=${region}`)).body;
  const counts = async (principal: Principal, query: string) => {
    const answer = await api.as(principal).get<DeficitMap>(`/statistics/deficits?region=${region}${query}`);
    expect(answer.status).toBe(200);
    return Object.fromEntries(
      answer.body.competencies.filter((c) => c.teachers > 0).map((c) => [c.competency, c.teachers]),
    );
  };
  const school = `&organizationId=${teacher.organizationId}`;
  const municipality = `&municipalityId=${teacher.municipalityId}`;

  it('shows the deficits an attempt found in the profile and the maps, and a later attempt resolving one', async () => {
    expect((await api.as(admin).post('/campaigns', campaign)).status).toBe(201);
    const first = {
      attemptId: randomUUID(),
      teacherId: teacher.teacherId,
      region,
      instrument: { id: 'teacher-core', version: 1 },
      campaignId: campaign.campaignId,
      answers: answersFor(undefined, { 'R/01': 2, 'R/06': 3 }),
    };
    expect((await api.as(self).post('/attempts', first)).status).toBe(201);

    await until(async () => (await profile()).openDeficits?.length === 2, 'the deficits in the profile');
    expect(await profile()).toMatchObject({
      openDeficits: [
        { competency: 'R/01', foundBy: first.attemptId },
        { competency: 'R/06', foundBy: first.attemptId },
      ],
      current: expect.arrayContaining([
        expect.objectContaining({ competency: 'R/01', score: 33, source: 'self-diagnostics' }),
        expect.objectContaining({ competency: 'A/01.6', score: 100 }),
      ]),
    });
    expect(await counts(coordinator, school)).toEqual({ 'R/01': 1, 'R/06': 1 });
    expect(await counts(operator, municipality)).toEqual({ 'R/01': 1, 'R/06': 1 });
    expect((await counts(admin, ''))['R/01']).toBeGreaterThanOrEqual(1);
    const campaigns = await api
      .as(self)
      .get<{ campaignId: string; open: boolean }[]>(`/campaigns?region=${region}`);
    expect(campaigns.body).toContainEqual(
      expect.objectContaining({ campaignId: campaign.campaignId, open: true }),
    );

    const later = {
      ...first,
      attemptId: randomUUID(),
      campaignId: null,
      answers: answersFor(undefined, { 'R/06': 2 }),
    };
    expect((await api.as(self).post('/attempts', later)).status).toBe(201);
    await until(async () => (await profile()).openDeficits?.length === 1, 'R/01 resolved in the profile');
    expect((await profile()).openDeficits).toEqual([
      expect.objectContaining({ competency: 'R/06', foundBy: first.attemptId }),
    ]);
    await until(
      async () => (await counts(coordinator, school))['R/01'] === undefined,
      'R/01 off the school map',
    );
    expect(await counts(coordinator, school)).toEqual({ 'R/06': 1 });

    // what a screen costs on the read store, once caught up
    const started = performance.now();
    await profile();
    const profileMs = performance.now() - started;
    await counts(operator, municipality);
    const mapMs = performance.now() - started - profileMs;
    console.log(`profile ${profileMs.toFixed(1)} ms, municipality deficit map ${mapMs.toFixed(1)} ms`);
  });
});

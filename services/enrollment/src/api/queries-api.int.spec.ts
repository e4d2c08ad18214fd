import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { service } from '../service';

// The lists across offerings as they run: enrollment's public events on Kafka (here published by the
// spec, as the relay and the completion would), projected into FerretDB, read back over HTTP — the
// ministry's pages by cursor, a school's staff in training, a teacher's history. The shared stack
// outlives runs: the school, the offering and the region are drawn for the run.
jest.setTimeout(120_000);

describe('enrollment lists on Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'enrollment-queries-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const school = randomUUID();
  const coordinator: Principal = {
    subject: 'coord',
    role: 'school-coordinator',
    region,
    organization: school,
  };
  const offeringId = randomUUID();
  const programId = randomUUID();
  const providerId = randomUUID();
  let api: ServiceApi;

  beforeAll(async () => {
    api = await startServiceApi('enrollment', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  it('projects the public events and pages the ministry’s list to its end, each application once', async () => {
    const teachers = [randomUUID(), randomUUID(), randomUUID()];
    const applications = [randomUUID(), randomUUID(), randomUUID()];
    const at = (position: number) => ({ subject: `group-${offeringId}`, position });
    const confirmed = applications.map((applicationId, n) =>
      publishedEvent(
        'enrollment.EnrollmentConfirmed',
        {
          applicationId,
          teacherId: teachers[n]!,
          region,
          organizationId: school,
          offeringId,
          programId,
          providerId,
          route: 'state-assignment',
        },
        at(2 + n),
      ),
    );
    const completed = publishedEvent(
      'enrollment.CourseCompleted',
      {
        enrollmentId: applications[0]!,
        teacherId: teachers[0]!,
        region,
        organizationId: school,
        offeringId,
        programId,
        providerId,
        kind: 'advanced-training',
        hours: 72,
        completedOn: '2026-11-20',
        certificateNumber: `${region}2400000001`,
      },
      at(10),
    );
    await bus.publish(publicTopic('enrollment'), [...confirmed, completed].map(toMessage));

    const staff = async () =>
      (
        await api
          .as(coordinator)
          .get<{ applications: { applicationId: string }[] }>(`/schools/${school}/staff-in-training`)
      ).body.applications;
    await until(async () => (await staff()).length === 2, 'the confirmations projected');
    expect((await staff()).map((a) => a.applicationId).sort()).toEqual(applications.slice(1).sort());

    await until(
      async () =>
        (await api.as(admin).get<{ courses: { status: string }[] }>(`/teachers/${teachers[0]}/history`)).body
          .courses[0]?.status === 'completed',
      'the completion projected',
    );
    const history = await api
      .as({ subject: teachers[0]!, role: 'teacher', region })
      .get<{ courses: Record<string, unknown>[] }>(`/teachers/${teachers[0]}/history`);
    expect(history.body.courses).toEqual([
      expect.objectContaining({
        applicationId: applications[0],
        status: 'completed',
        route: 'state-assignment',
        hours: 72,
      }),
    ]);

    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await api.as(admin).get<{
        applications: { applicationId: string; status: string; route: string }[];
        next: string | null;
      }>(`/applications?organizationId=${school}&route=state-assignment&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.applications.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.applications.map((a) => `${a.applicationId}:${a.status}`));
      if (page.body.next === null) break;
      cursor = page.body.next;
    }
    expect(seen.sort()).toEqual(
      [`${applications[0]}:completed`, `${applications[1]}:confirmed`, `${applications[2]}:confirmed`].sort(),
    );
  });
});

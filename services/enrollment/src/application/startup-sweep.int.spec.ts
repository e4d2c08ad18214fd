import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import { type EventStore, type NewEvent, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { EVENT_STORE, ServiceKit } from '@pk/service-runtime';
import { reactionsFromNow, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { service } from '../service';
import { StartupSweep } from './startup-sweep';

// A crash between a decision's append and its hook, on PostgreSQL: two applications are appended to
// their group's stream as the decision would append them, and the process stops before scheduling
// their approval deadlines or indexing them. The next process's start-up sweep puts both back: the
// application whose deadline passed meanwhile lapses at once, the other's deadline waits in the
// schedule, and the teachers' lists show both.
jest.setTimeout(180_000);

describe('the start-up sweep on PostgreSQL (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'enrollment-sweep-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const started: ServiceApi[] = [];
  const start = async () => {
    const api = await startServiceApi('enrollment', [ServiceKit.forService(service)]);
    started.push(api);
    return api;
  };

  beforeAll(() => reactionsFromNow('enrollment'));
  afterAll(async () => {
    for (const api of started) await api.close().catch(() => undefined);
    await bus.close();
    await pool.end();
  });

  const event = (type: string, data: object): NewEvent => ({
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    actor: { id: 'system:enrollment', role: 'system' },
    correlationId: randomUUID(),
    causationId: null,
  });

  it('puts back the deadlines and index rows a stop between append and hook lost', async () => {
    const before = await start();
    const opened = offeringOpened({ region, capacity: 5 });
    const { offeringId } = opened.data;
    await bus.publish(publicTopic('catalog'), [toMessage(opened)]);
    await until(
      async () => (await before.as(admin).get(`/offerings/${offeringId}/group`)).status === 200,
      'the group',
    );
    const [overdue, waiting] = [randomUUID(), randomUUID()];
    const [overdueTeacher, waitingTeacher] = [randomUUID(), randomUUID()];
    const now = Date.now();
    const submitted = (applicationId: string, teacherId: string, dueInMs: number) =>
      event('enrollment.ApplicationSubmitted', {
        applicationId,
        offeringId,
        teacherId,
        organizationId: ids.school,
        region,
        route: 'employer',
        place: 'seat',
        submittedAt: new Date(now - 5 * 86_400_000).toISOString(),
        approvalDueBy: new Date(now + dueInMs).toISOString(),
      });
    // this process's own start-up sweep is done: what follows is for the next start to find
    await before.app.get(StartupSweep).sweep();
    // the decisions' append, through the store itself: no hook runs
    const store = before.app.get<symbol, EventStore>(EVENT_STORE);
    const stream = `group-${offeringId}`;
    const { length } = await store.readStream(stream);
    await store.append(
      stream,
      [submitted(overdue, overdueTeacher, -60_000), submitted(waiting, waitingTeacher, 4 * 86_400_000)],
      length - 1,
    );
    const scheduled = async (applicationId: string) => {
      // the schedule's table is made by its first entry: on a fresh stack there may be none yet
      const table = await pool.query(`select to_regclass('enrollment.scheduled_commands') as t`);
      if (table.rows[0].t === null) return [];
      return (
        await pool.query<{ due_at: Date; fired_at: Date | null }>(
          `select due_at, fired_at from enrollment.scheduled_commands
            where stream_id = $1 and command->>'type' = 'LapseApproval' and command->>'applicationId' = $2`,
          [stream, applicationId],
        )
      ).rows;
    };
    expect(await scheduled(overdue)).toEqual([]);
    expect(await scheduled(waiting)).toEqual([]);
    await before.close(); // the stop

    const after = await start();
    const read = async (applicationId: string) =>
      (await after.as(admin).get(`/offerings/${offeringId}/applications/${applicationId}`)).body;
    await until(async () => (await read(overdue))['status'] === 'lapsed', 'the overdue application lapsed');
    expect(await read(overdue)).toMatchObject({ closed: { code: 'approval-lapsed' } });
    await until(async () => (await scheduled(waiting)).length === 1, 'the waiting deadline scheduled');
    expect(await scheduled(waiting)).toEqual([{ due_at: new Date(now + 4 * 86_400_000), fired_at: null }]);
    expect(await read(waiting)).toMatchObject({ status: 'awaiting-approval' });
    for (const [teacherId, applicationId] of [
      [overdueTeacher, overdue],
      [waitingTeacher, waiting],
    ] as const) {
      expect((await after.as(admin).get(`/teachers/${teacherId}/applications`)).body).toMatchObject({
        applications: [{ applicationId }],
      });
    }
  });
});

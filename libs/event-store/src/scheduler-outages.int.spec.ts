import { randomUUID } from 'node:crypto';
import {
  Aggregates,
  CommandHandler,
  defineAggregate,
  type DomainEvent,
  OutageClassifier,
  type ScheduledCommand,
  Scheduler,
} from '@pk/kernel';
import {
  postgresWithCuttableConnection,
  type PostgresWithCuttableConnection,
  serverEndpoints,
  TestClock,
  uniqueName,
} from '@pk/test-kit';
import { Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store';
import { postgresOutageProbe } from './postgres-outage-probe';
import { PostgresSchedule } from './postgres-schedule';

// The scheduler on the PostgreSQL event store and schedule, reached through a connection the test
// cuts: an outage is waited out with nothing recorded, and only a failure on a healthy system is
// the command's own.
type OfferingCommand = { type: 'CloseEnrollment' } | { type: 'Misconfigured' };
type OfferingEvent = DomainEvent<'catalog.EnrollmentClosed', object>;
const offering = defineAggregate<{ closed: boolean }, OfferingCommand, OfferingEvent>({
  name: 'offering',
  initialState: { closed: false },
  decide(command) {
    // a bug, not a refusal of the domain: fails whenever it is decided
    if (command.type === 'Misconfigured') throw new TypeError('offering.settings is undefined');
    return [{ type: 'catalog.EnrollmentClosed', data: {} }];
  },
  evolve: () => ({ closed: true }),
});
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('scheduler during outages (integration)', () => {
  const direct = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 2 });
  const clock = new TestClock(new Date('2026-10-01T09:00:00Z'));
  let postgres: PostgresWithCuttableConnection;
  let pool: Pool;
  let schema: string;
  let schedule: PostgresSchedule;
  let scheduler: Scheduler;

  const due = (command: OfferingCommand, at: string): ScheduledCommand => {
    const id = randomUUID();
    return {
      id,
      dueAt: new Date(at),
      aggregate: 'offering',
      streamId: `offering-${id}`,
      command,
      context: { actor: { id: 'system:catalog', role: 'system' }, correlationId: id, idempotencyKey: id },
    };
  };
  /** What the schedule recorded, read past the proxy. */
  const recorded = async (entry: ScheduledCommand) =>
    (
      await direct.query<{ fired: boolean; outcome: string | null }>(
        `select fired_at is not null as fired, outcome from ${schema}.scheduled_commands where id = $1`,
        [entry.id],
      )
    ).rows[0];
  const events = async (entry: ScheduledCommand) =>
    (await direct.query(`select type from ${schema}.events where stream_id = $1`, [entry.streamId])).rows;

  beforeAll(async () => {
    postgres = await postgresWithCuttableConnection();
    pool = new Pool({ connectionString: postgres.databaseUrl, max: 2, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined); // idle connections cut by the test
    schema = uniqueName('sched_outage').replace(/-/g, '_');
    const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
    await store.migrate();
    schedule = new PostgresSchedule(pool, schema);
    const aggregates = new Aggregates();
    aggregates.register(offering, new CommandHandler(store, offering, { clock }));
    const outages = new OutageClassifier([postgresOutageProbe(pool, 'event store', 2_000)]);
    scheduler = new Scheduler({
      schedule,
      aggregates,
      clock,
      log: silent,
      isOutage: (e) => outages.isOutage(e),
    });
  });
  afterAll(async () => {
    postgres.cut();
    await pool.end();
    await direct.end();
  });

  it('keeps a command due while the event store is away, records nothing, and fires it once the store is back', async () => {
    const closing = due({ type: 'CloseEnrollment' }, '2026-10-01T10:00:00Z');
    await schedule.add(closing);
    clock.set('2026-10-01T10:00:01Z');
    postgres.cut();
    await expect(scheduler.fireDue()).rejects.toThrow(/ECONNREFUSED|connect|terminated/);
    expect(scheduler.progress).toMatchObject({ failing: [] });
    expect(scheduler.progress.waitingForOutageSince).not.toBeNull();
    expect(await recorded(closing)).toEqual({ fired: false, outcome: null });
    expect(await events(closing)).toEqual([]);

    await postgres.restore();
    expect(await scheduler.fireDue()).toBe(1);
    expect(await recorded(closing)).toEqual({ fired: true, outcome: 'decided' });
    expect(await events(closing)).toEqual([{ type: 'catalog.EnrollmentClosed' }]);
    expect(scheduler.progress.waitingForOutageSince).toBeNull();
  });

  it('leaves a command that fails on a healthy system due, reported, without holding back those due after it', async () => {
    const broken = due({ type: 'Misconfigured' }, '2026-10-02T10:00:00Z');
    const closing = due({ type: 'CloseEnrollment' }, '2026-10-02T10:00:01Z');
    await schedule.add(broken);
    await schedule.add(closing);
    clock.set('2026-10-02T11:00:00Z');
    expect(await scheduler.fireDue()).toBe(1);
    expect(await recorded(closing)).toEqual({ fired: true, outcome: 'decided' });
    expect(await recorded(broken)).toEqual({ fired: false, outcome: null });
    expect(scheduler.progress.failing).toMatchObject([
      {
        id: broken.id,
        command: 'Misconfigured',
        attempts: 1,
        error: expect.stringMatching(/settings is undefined/),
      },
    ]);
  });
});

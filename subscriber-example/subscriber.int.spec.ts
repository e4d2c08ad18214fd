import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { goldenExample, kafkaHeaders, readPublishedEvent } from '@pk/contracts';
import { PostgresEventStore, PostgresRelayCheckpoints } from '@pk/event-store';
import { EventRelay, type NewEvent } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';

// The subscriber example as a partner would run it, a process of its own, against what the platform
// really publishes: completions appended to a PostgreSQL event store and relayed by the platform's
// relay, published before the subscriber starts. The example's code never sees the platform's: this
// spec starts it with settings, kills it, and reads back the state it keeps.
describe('the subscriber example (integration)', () => {
  jest.setTimeout(90_000);
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const bus = new KafkaMessageBus({
    clientId: 'subscriber-example-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const kafka = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

  // A topic, an event store and subscriber states of this run's own: nothing another spec
  // published on pk.enrollment.events.v1 counts here.
  const topic = uniqueName('pk.enrollment.events');
  const platformSchema = schemaName('enrollment');
  const store = new PostgresEventStore({ pool, schema: platformSchema, source: 'pk/enrollment' });
  const checkpoints = new PostgresRelayCheckpoints(pool, platformSchema);
  const relayOf = () =>
    new EventRelay({
      name: 'enrollment',
      store,
      bus,
      topic,
      checkpoints,
      // as the enrollment service relays: each stored event in its contract's current version
      toPublic: (stored) => [readPublishedEvent(stored)],
      log: silent,
    });
  const running: Subscriber[] = [];
  let relay: EventRelay | undefined;

  afterAll(async () => {
    running.forEach((subscriber) => subscriber.process.kill('SIGKILL'));
    await relay?.stop();
    await bus.close();
    await pool.end();
  });

  it('started after the completions were published, credits each exactly once across restarts of the relay and of itself', async () => {
    await store.migrate();
    const teachers = Array.from({ length: 40 }, () => randomUUID());
    const expected = new Expected();

    // The platform: 8 groups of 25 learners, each confirmed and then completed, relayed to the topic.
    const firstWave = await appendGroups(8, 25, teachers, expected);
    relay = relayOf();
    await relay.start();
    await until(async () => (await topicSize()) === firstWave.length, `${firstWave.length} events relayed`);
    await relay.stop();

    // As if the relay had crashed after publishing but before saving its checkpoint (the platform's
    // at-least-once delivery allows it): the checkpoint set back, the next relay republishes from it.
    const rewindTo = 100;
    const lease = (await checkpoints.lead('enrollment', new AbortController().signal))!;
    await lease.save(firstWave[rewindTo]!.globalPosition);
    await lease.release();
    relay = relayOf();
    await relay.start();
    const republished = firstWave.slice(rewindTo + 1);
    await until(
      async () => (await topicSize()) === firstWave.length + republished.length,
      `${republished.length} events republished`,
    );

    // What else a topic may carry: one envelope twice more (a producer's retry), a type this
    // subscriber has never heard of, a newer version of the type it reads, and something broken.
    const completion = readPublishedEvent(firstWave.find((e) => e.type === 'enrollment.CourseCompleted')!);
    const newer = {
      ...readPublishedEvent(firstWave.findLast((e) => e.type === 'enrollment.CourseCompleted')!),
      id: randomUUID(),
      schemaVersion: 2,
    };
    const unknown = { ...completion, id: randomUUID(), type: 'enrollment.CertificateReissued' };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        ...[completion, newer, unknown].map((envelope) => ({
          key: envelope.subject,
          value: JSON.stringify(envelope),
          headers: kafkaHeaders(envelope),
        })),
        { key: completion.subject, value: JSON.stringify(completion), headers: kafkaHeaders(completion) },
        { key: 'broken', value: '{"id": "half an envelope' },
      ],
    });
    await producer.disconnect();

    // The partner starts now, reads from the beginning, and is killed as soon as it has credited
    // its first completions: mid-way, with no chance to stop cleanly.
    const state = schemaName('partner');
    const groupId = uniqueName('partner-subscriber');
    const first = startSubscriber({ GROUP_ID: groupId, STATE_SCHEMA: state, START_AT: 'beginning' });
    await until(async () => (await applied(state)) > 0, 'the first completions credited', {
      timeoutMs: 30_000,
      pollMs: 10,
    });
    await first.kill();
    const creditedBeforeTheKill = await applied(state);
    expect(creditedBeforeTheKill).toBeLessThan(expected.completions.size);

    // More completions happen while it is down; a second partner joins late, from that moment on.
    const joinedAt = new Date().toISOString();
    const lateExpected = new Expected();
    await appendGroups(2, 25, teachers, expected, lateExpected);
    const lateState = schemaName('late');
    const lateGroupId = uniqueName('late-subscriber');
    const second = startSubscriber({ GROUP_ID: groupId, STATE_SCHEMA: state, START_AT: 'beginning' });
    const late = startSubscriber({ GROUP_ID: lateGroupId, STATE_SCHEMA: lateState, START_AT: joinedAt });
    await until(
      async () => (await caughtUp(groupId)) && (await caughtUp(lateGroupId)),
      'both subscribers to commit the whole topic',
      { timeoutMs: 60_000, pollMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${second.output()}\n${late.output()}`);
    });

    // Every completion credited once: the ids, the rows and each teacher's running sums.
    expect(await completionIds(state)).toEqual([...expected.completions].sort());
    expect(await teacherHours(state)).toEqual(expected.hoursByTeacher());
    expect(await completionIds(lateState)).toEqual([...lateExpected.completions].sort());
    expect(await teacherHours(lateState)).toEqual(lateExpected.hoursByTeacher());

    // Duplicates did arrive and were dropped: every republished completion and the retried
    // envelope (once more if the killed process had stored it without committing its offset).
    const log = first.output() + second.output();
    const dropped = log.split('\n').filter((line) => / duplicate [0-9a-f-]{36} dropped/.test(line));
    const republishedCompletions = republished.filter((e) => e.type === 'enrollment.CourseCompleted');
    expect(dropped.length).toBeGreaterThanOrEqual(republishedCompletions.length + 2);
    expect(log).toContain(`duplicate ${completion.id} dropped`);

    // The newer version and the broken message are kept with their reasons, the unknown type skipped.
    expect(await setAside(state)).toEqual([
      { event_id: null, reason: 'the message value is not JSON' },
      {
        event_id: newer.id,
        reason: expect.stringMatching(/^enrollment\.CourseCompleted v2 is newer than v1/),
      },
    ]);
    expect(log).toMatch(
      new RegExp(`skipped ${unknown.id} .*unknown event type enrollment\\.CertificateReissued`),
    );
    // the late joiner never met them: they were published before it joined
    expect(await setAside(lateState)).toEqual([]);
  });

  /** Appends groups of confirmed-then-completed learners to the platform's store; returns what was stored. */
  async function appendGroups(
    groups: number,
    learners: number,
    teachers: string[],
    ...expectations: Expected[]
  ) {
    const confirmed = goldenExample('enrollment.EnrollmentConfirmed');
    const completed = goldenExample('enrollment.CourseCompleted');
    const stored = [];
    for (let g = 0; g < groups; g++) {
      const offeringId = randomUUID();
      const events: NewEvent[] = [];
      for (let l = 0; l < learners; l++) {
        const applicationId = randomUUID();
        const teacherId = teachers[(g * learners + l) % teachers.length]!;
        const hours = 16 + ((g + l) % 9) * 8;
        events.push(newEvent(confirmed.type, { ...confirmed.data, applicationId, teacherId, offeringId }));
        const completion = newEvent(completed.type, {
          ...completed.data,
          enrollmentId: applicationId,
          teacherId,
          offeringId,
          hours,
          certificateNumber: `63-${g}-${l}-${offeringId.slice(0, 8)}`,
        });
        events.push(completion);
        expectations.forEach((expected) => expected.add(completion.id, teacherId, hours));
      }
      stored.push(...(await store.append(`group-${offeringId}`, events, 'no-stream')).events);
    }
    return stored;
  }

  interface Subscriber {
    readonly process: ChildProcess;
    output(): string;
    kill(): Promise<void>;
  }

  /** The example as a process of its own, on the tests' servers, with its output kept. */
  function startSubscriber(settings: Record<string, string>): Subscriber {
    const child = spawn(process.execPath, [path.join(__dirname, 'subscriber.mjs')], {
      env: {
        ...process.env,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        DATABASE_URL: databaseUrl,
        TOPIC: topic,
        // a killed member's partitions go to the next one after this long (the broker's minimum)
        SESSION_TIMEOUT_MS: '6000',
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const subscriber = {
      process: child,
      output: () => output,
      kill: async () => {
        child.kill('SIGKILL');
        await exited;
      },
    };
    running.push(subscriber);
    return subscriber;
  }

  async function topicSize(): Promise<number> {
    const offsets = await bus.endOffsets(topic);
    return [...offsets.values()].reduce((sum, offset) => sum + Number(offset), 0);
  }

  /** The group has committed every partition up to its end: it handled everything on the topic. */
  async function caughtUp(groupId: string): Promise<boolean> {
    const [ends, committed] = await Promise.all([
      bus.endOffsets(topic),
      bus.committedOffsets(groupId, topic),
    ]);
    return [...ends].every(([partition, end]) => {
      const at = committed.get(partition);
      return end === '0' || (at !== undefined && at !== '-1' && BigInt(at) >= BigInt(end));
    });
  }

  async function applied(schema: string): Promise<number> {
    const exists = await pool.query('select 1 from information_schema.tables where table_schema = $1', [
      schema,
    ]);
    if (exists.rowCount === 0) return 0;
    const { rows } = await pool.query<{ count: string }>(`select count(*) from ${schema}.applied_events`);
    return Number(rows[0]!.count);
  }

  async function completionIds(schema: string): Promise<string[]> {
    const { rows } = await pool.query<{ event_id: string }>(
      `select event_id from ${schema}.completions order by event_id`,
    );
    return rows.map((row) => row.event_id);
  }

  async function teacherHours(schema: string) {
    const { rows } = await pool.query<{ teacher_id: string; courses: number; hours: number }>(
      `select teacher_id, courses, hours from ${schema}.teacher_hours order by teacher_id`,
    );
    return rows;
  }

  async function setAside(schema: string) {
    const { rows } = await pool.query<{ event_id: string | null; reason: string }>(
      `select event_id, reason from ${schema}.set_aside order by event_id nulls first`,
    );
    return rows;
  }
});

/** What the subscriber's state should hold: the completions' ids and each teacher's sums. */
class Expected {
  readonly completions = new Set<string>();
  private readonly byTeacher = new Map<string, { courses: number; hours: number }>();

  add(eventId: string, teacherId: string, hours: number): void {
    this.completions.add(eventId);
    const sums = this.byTeacher.get(teacherId) ?? { courses: 0, hours: 0 };
    this.byTeacher.set(teacherId, { courses: sums.courses + 1, hours: sums.hours + hours });
  }

  hoursByTeacher() {
    return [...this.byTeacher]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([teacher_id, sums]) => ({ teacher_id, ...sums }));
  }
}

function newEvent(type: string, data: unknown): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    actor: { id: 'system:enrollment', role: 'system' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

/** A PostgreSQL schema name no earlier run used. */
function schemaName(prefix: string): string {
  return uniqueName(prefix).replace(/-/g, '_');
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueToken, Principal } from '@pk/auth';
import { directoryId, publicTopic } from '@pk/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import { eventually } from './stack-client';

// The first slice end to end, over the real processes of the stack the e2e files share (this file's
// data is regions 16 and 24's, which no other file uses, so its counts are exact): catalog takes
// commands over HTTP and appends to PostgreSQL, its relay publishes to Kafka, monitoring's
// projection writes FerretDB, and monitoring answers the counts.
describe('first slice: catalog → Kafka → monitoring (e2e)', () => {
  let isolated: IsolatedStack;
  let CATALOG: string;
  let MONITORING: string;
  let eventStore: Pool;
  const stack = (...args: string[]) => isolated.run(...args);
  const token = (principal: Principal) =>
    issueToken(readFileSync(path.join(isolated.localDir, 'keys', 'dev-private.pem'), 'utf8'), principal, {
      ttl: '1h',
    });
  let admin16: string;

  /** Events catalog stored in these streams: what a refused request must not have left behind. */
  async function storedIn(...streams: string[]): Promise<number> {
    const { rows } = await eventStore.query<{ n: string }>(
      'select count(*) as n from catalog.events where stream_id = any($1)',
      [streams],
    );
    return Number(rows[0]!.n);
  }

  async function post(url: string, bearer: string, body: unknown) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as { detail?: string; code?: string },
    };
  }

  const programCard = (kind: string, hours: number) => ({
    title: 'Формирование функциональной грамотности',
    annotation: 'Для учителей естественно-научного цикла',
    kind,
    hours,
    format: 'blended',
    targetPositions: ['teacher'],
    organizationTypes: ['school'],
    subjects: ['physics'],
    workProfile: '',
    competencies: ['R/01'],
    voucherEligible: true,
    employerAssessment: false,
    practiceShare: 40,
  });

  async function registerProvider(region: string): Promise<string> {
    // a provider of its own each time: another ИНН, and the id derived from it (npm run directory-id)
    const inn = `${region}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const providerId = directoryId('provider', region, inn);
    const admin =
      region === '16' ? admin16 : await token({ subject: `admin-${region}`, role: 'ministry-admin', region });
    const answer = await post(`${CATALOG}/providers`, admin, {
      providerId,
      region,
      name: 'ЦПО',
      inn,
      ownership: 'state',
      kind: 'resource-centre',
    });
    expect(answer.status).toBe(201);
    return providerId;
  }

  async function statistics(region: string) {
    const bearer = await token({ subject: `admin-${region}`, role: 'ministry-admin', region });
    const response = await fetch(`${MONITORING}/statistics/catalog`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { providers: number; programs: number; retrainingPrograms: number };
  }

  beforeAll(async () => {
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    MONITORING = isolated.serviceUrl('monitoring');
    eventStore = new Pool({ connectionString: isolated.endpoints.databaseUrl, max: 2 });
    admin16 = await token({ subject: 'admin-16', role: 'ministry-admin', region: '16' });
  }, SHARED_STACK_START_MS);

  afterAll(async () => {
    await eventStore?.end();
    await isolated.remove();
  });

  it('counts a registered provider and its submitted programs', async () => {
    const providerId = await registerProvider('16');
    const provider = await token({
      subject: 'sipkro',
      role: 'provider',
      region: '16',
      organization: providerId,
    });
    // A program counts once it is submitted for review: drafted, then submitted.
    const submitProgram = async (kind: string, hours: number) => {
      const programId = randomUUID();
      const programs = `${CATALOG}/providers/${providerId}/programs`;
      const drafted = await post(programs, provider, {
        ...programCard(kind, hours),
        programId,
        region: '16',
      });
      expect(drafted.status).toBe(201);
      expect((await post(`${programs}/${programId}/submission`, provider, undefined)).status).toBe(201);
    };
    await submitProgram('advanced-training', 36);
    await submitProgram('retraining', 260);

    const counts = await eventually(
      () => statistics('16'),
      // Provider and programs are different streams, so different partitions: either may come first.
      (s) => s.programs === 2 && s.providers === 1,
      'one provider and two programs',
    );
    expect(counts).toMatchObject({ providers: 1, programs: 2, retrainingPrograms: 1 });
  });

  it('answers bad input and foreign access with problem details, and records nothing', async () => {
    const providerId = randomUUID();
    const invalid = await post(`${CATALOG}/providers`, admin16, {
      providerId,
      region: '16',
      name: 'X',
      inn: '12',
      ownership: 'state',
    });
    expect(invalid).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(invalid.body.detail).toMatch(/inn: ИНН состоит из 10 или 12 цифр/);

    const foreign = await post(`${CATALOG}/providers`, admin16, {
      providerId,
      region: '24',
      name: 'X',
      inn: '2411000001',
      ownership: 'state',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.detail).toMatch(/региона 16 не даёт доступа к региону 24/);

    const anonymous = await fetch(`${CATALOG}/providers`, { method: 'POST' });
    expect(anonymous.status).toBe(401);

    const provider = await token({ subject: 'p', role: 'provider', region: '16', organization: providerId });
    const programId = randomUUID();
    const unknownProvider = await post(`${CATALOG}/providers/${providerId}/programs`, provider, {
      ...programCard('advanced-training', 36),
      programId,
      region: '16',
    });
    expect(unknownProvider).toMatchObject({ status: 422, body: { code: 'provider-not-registered' } });

    // Nothing of the refused requests is in the event store, and the read model, once it shows an
    // event accepted after them, shows nothing of them either.
    expect(await storedIn(`provider-${providerId}`, `program-${programId}`)).toBe(0);
    await registerProvider('16');
    const after = await eventually(
      () => statistics('16'),
      (s) => s.providers === 2,
      'the provider registered after the refused requests',
    );
    expect(after).toMatchObject({ providers: 2, programs: 2 });
  });

  it('keeps exact counts when the monitoring consumer is killed mid-way and restarted', async () => {
    const registered: Promise<string>[] = [];
    for (let i = 0; i < 60; i++) registered.push(registerProvider('24'));
    await Promise.all(registered);
    await eventually(
      () => statistics('24'),
      (s) => s.providers > 0,
      'the projection to start',
    );
    const pid = Number(readFileSync(path.join(isolated.localDir, 'run', 'monitoring.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const monitoringDown = (await fetch(`${MONITORING}/health`).catch(() => null)) === null;
    expect(monitoringDown).toBe(true);

    // Commands go on while monitoring is down; the relay keeps publishing.
    for (let i = 0; i < 40; i++) await registerProvider('24');
    const { stdout } = await stack('up', '--with-services');
    expect(stdout).toMatch(/^monitoring\s+started/m);

    await eventually(
      () => statistics('24'),
      (s) => s.providers === 100,
      '100 providers',
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect((await statistics('24')).providers).toBe(100);
  });

  it('puts a malformed message in the dead-letter topic and still projects the next good one', async () => {
    const kafka = new Kafka({ brokers: isolated.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: publicTopic('catalog'),
      messages: [{ key: 'provider-broken', value: '{"type": 42, "data": "not an event"}' }],
    });
    await producer.disconnect();
    const before = (await statistics('16')).providers;
    expect(before).toBe(2);
    await registerProvider('16');
    await eventually(
      () => statistics('16'),
      (s) => s.providers === before + 1,
      'the good message after the bad one',
    );

    const consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'monitoring.catalog-statistics.dlt', fromBeginning: true });
    const dead = await new Promise<{ key: string; value: string; error: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing in the dead-letter topic')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve({
            key: String(message.key),
            value: String(message.value),
            error: String(message.headers!['dlt-error']),
          });
        },
      });
    });
    await consumer.disconnect();
    expect(dead).toMatchObject({ key: 'provider-broken', value: '{"type": 42, "data": "not an event"}' });
    expect(dead.error).toMatch(/ContractViolation/);
  });
});

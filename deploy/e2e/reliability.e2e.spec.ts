import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueToken, type Principal } from '@pk/auth';
import { directoryId } from '@pk/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';

/** Programs submitted in the burst; RELIABILITY_PROGRAMS=600 runs it at the size of the review's chaos runs. */
const PROGRAMS = Number(process.env['RELIABILITY_PROGRAMS'] ?? 40);

/** Submissions per second in the burst (about 8 s long): Kafka dies while they flow. */
const RATE = Math.max(5, PROGRAMS / 8);

// Issue 17's chaos run, small: a burst of submissions to catalog, Kafka killed part-way through it
// and started again after the burst, then catalog killed and started again (as a supervisor
// restarts a dead process). Expertise lives through it all: its consumers lose the broker and must
// come back by themselves, so that every submission accepted ends with exactly one review case —
// nobody restarts anything by hand. (The crash kafkajs never recovers from is reproduced exactly in
// libs/messaging's spec; here the whole platform is held to the outcome, and the counts printed.)
describe('reliability: Kafka killed mid-burst, then catalog (e2e)', () => {
  let isolated: IsolatedStack;
  let CATALOG: string;
  let EXPERTISE: string;
  let db: Pool;
  // a region of its own on the e2e files' shared stack (the others use 16, 24, 63 and 73), and an
  // ИНН of its own, since a directory entry's id is derived from the two (npm run directory-id)
  const region = '64';
  const inn = `64${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const providerId = directoryId('provider', region, inn);
  const admin: Principal = { subject: 'admin-64', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'sipkro', role: 'provider', region, organization: providerId };
  const tokens = new Map<string, string>();

  async function tokenFor(principal: Principal): Promise<string> {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) {
      const pem = readFileSync(path.join(isolated.localDir, 'keys', 'dev-private.pem'), 'utf8');
      tokens.set(key, await issueToken(pem, principal, { ttl: '1h' }));
    }
    return tokens.get(key)!;
  }

  async function post(url: string, principal: Principal, body?: unknown): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor(principal)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    }).catch(() => null); // catalog away for a moment: the submission counts as not accepted
    await response?.text();
    return response?.status ?? 0;
  }

  const pidOf = (name: string) =>
    Number(readFileSync(path.join(isolated.localDir, 'run', `${name}.pid`), 'utf8'));

  /** Programs with a review case opened, and how many cases each. */
  async function cases(): Promise<Map<string, number>> {
    const { rows } = await db.query<{ program_id: string; cases: string }>(
      `select data->>'programId' as program_id, count(*) as cases from expertise.events
        where type = 'expertise.ReviewCaseOpened' and data->>'region' = $1 group by 1`,
      [region],
    );
    return new Map(rows.map((row) => [row.program_id, Number(row.cases)]));
  }

  async function deadLettersOfExpertise(): Promise<number> {
    const kafka = new Kafka({ brokers: isolated.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    try {
      return await kafkaAdmin
        .fetchTopicOffsets('expertise.reactions.dlt')
        .then((offsets) => offsets.reduce((sum, o) => sum + Number(o.high), 0))
        .catch(() => 0); // no topic: none yet
    } finally {
      await kafkaAdmin.disconnect();
    }
  }

  beforeAll(async () => {
    // the shared stack, broken on purpose and brought back by the stack's own runner within the
    // test, so the files after it find every server and service up
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    EXPERTISE = isolated.serviceUrl('expertise');
    db = new Pool({ connectionString: isolated.endpoints.databaseUrl, max: 2 });
    const registered = await post(`${CATALOG}/providers`, admin, {
      providerId,
      region,
      name: 'ГАУ ДПО «СИПКРО»',
      inn,
      ownership: 'state',
      kind: 'dpo-institute',
    });
    expect(registered).toBe(201);
    for (let i = 0; i < 3; i++) {
      const expert = await post(`${EXPERTISE}/experts`, admin, {
        expertId: randomUUID(),
        organizationId: randomUUID(),
        region,
        subjects: ['physics'],
        competencies: ['R/01'],
      });
      expect(expert).toBe(201);
    }
  }, SHARED_STACK_START_MS);

  afterAll(async () => {
    await db?.end();
  });

  it(
    'reviews every accepted submission once, with no restart by hand',
    async () => {
      // the stack is shared: only dead letters written from here on are this test's
      const deadLettersBefore = await deadLettersOfExpertise();
      const started = Date.now();
      const accepted: string[] = [];
      let refused = 0;
      let kafkaKilledAt = 0;
      const submit = async (n: number) => {
        const programId = randomUUID();
        const programs = `${CATALOG}/providers/${providerId}/programs`;
        const drafted = await post(programs, provider, {
          programId,
          region,
          title: `Программа ${n}: функциональная грамотность`,
          annotation: 'Для учителей физики',
          kind: 'advanced-training',
          hours: 36,
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
        if (drafted === 201 && (await post(`${programs}/${programId}/submission`, provider)) === 201)
          accepted.push(programId);
        else refused += 1;
      };

      // the burst, eight submitters at RATE a second; Kafka goes down once 40 % are in, and the rest
      // arrive without it (catalog stores them, its relay waits)
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < PROGRAMS) {
            const n = next++;
            const due = started + (n * 1000) / RATE;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
            if (n === Math.floor(PROGRAMS * 0.4)) {
              process.kill(pidOf('kafka'), 'SIGKILL');
              kafkaKilledAt = Date.now();
            }
            await submit(n);
          }
        }),
      );
      const burstEnded = Date.now();
      // Kafka back (the stack runner starts what is down), then catalog killed and back
      await isolated.run('up', '--with-services');
      const kafkaBack = Date.now();
      process.kill(pidOf('catalog'), 'SIGKILL');
      const { stdout } = await isolated.run('up', '--with-services');
      expect(stdout).toMatch(/^catalog\s+started/m);
      expect(stdout).not.toMatch(/^expertise\s+started/m); // expertise was never restarted
      const servicesBack = Date.now();

      let seen = new Map<string, number>();
      const deadline = Date.now() + Math.max(180_000, PROGRAMS * 500);
      while (Date.now() < deadline) {
        seen = await cases();
        if (accepted.every((programId) => seen.has(programId))) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const reviewedAt = Date.now();
      const missing = accepted.filter((programId) => !seen.has(programId));
      const doubled = accepted.filter((programId) => (seen.get(programId) ?? 0) > 1);

      const health = (await (await fetch(`${EXPERTISE}/health`)).json()) as {
        checks: Record<string, { status: string; consumer?: { state: string; restarts: number } }>;
      };
      const deadLetters = (await deadLettersOfExpertise()) - deadLettersBefore;
      // how long each of expertise's consumers took from a crash to consuming again, from its log
      const recoveries = [
        ...readFileSync(path.join(isolated.localDir, 'logs', 'expertise.log'), 'utf8')
          .replace(/\u001b\[[0-9;]*m/g, '') // the log's colours
          .matchAll(/([\w.-]+): consuming again, (\d+) ms after the crash/g),
      ].map(([, group, ms]) => `${group} ${ms} ms`);
      const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      process.stdout.write(
        `reliability: ${PROGRAMS} submitted, ${accepted.length} accepted, ${refused} refused; ` +
          `Kafka killed ${seconds(kafkaKilledAt - started)} into a ${seconds(burstEnded - started)} burst, back after ${seconds(kafkaBack - kafkaKilledAt)}; ` +
          `catalog killed and back ${seconds(servicesBack - kafkaBack)} later; ` +
          `${accepted.length - missing.length}/${accepted.length} reviewed ${seconds(reviewedAt - servicesBack)} after that, ` +
          `${missing.length} missing, ${doubled.length} doubled, ${deadLetters} dead letters of expertise's reactions; ` +
          `expertise's reactions consumer restarted itself ${health.checks['reactions']?.consumer?.restarts} times; ` +
          `expertise's consumers from a crash to consuming again: ${recoveries.join(', ') || 'none crashed'}\n`,
      );

      expect(accepted.length).toBeGreaterThan(PROGRAMS / 2);
      expect(missing).toEqual([]);
      expect(doubled).toEqual([]);
      expect(deadLetters).toBe(0);
      expect(health.checks['reactions']).toMatchObject({ status: 'ok', consumer: { state: 'running' } });
    },
    Math.max(240_000, PROGRAMS * 1_000),
  );
});

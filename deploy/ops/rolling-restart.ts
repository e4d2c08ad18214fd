/**
 * npm run ops:rolling-restart [-- --rate 20 --warmup 20 --gap 15 --region 63 --keep]
 *
 * Issue 22's proof that a rolling restart loses no request and no event. It starts a stack of its
 * own (or uses the one PK_LOCAL_DIR and PK_PORT_OFFSET name), drives a steady open-loop load of
 * commands and queries through the services' HTTP APIs with development tokens, and meanwhile
 * restarts the six services one by one: SIGTERM, wait for the process to exit, start it again
 * through the stack's runner and wait for /health 200. The client retries a 503 after its
 * Retry-After and a refused or reset connection, as any caller of the platform should. Then it
 * counts: the requests and how they ended, every context's events in its store against its Kafka
 * topic, and the read models' figures against what the load created. Exit 1 on any loss, an
 * unexplained refusal or a doubled effect.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken, type Principal } from '@pk/auth';
import { BOUNDED_CONTEXTS, type BoundedContext, directoryId, snilsCheckNumber } from '@pk/contracts';
import { muteKafkaJsTimeoutWarning } from '@pk/messaging';
import { programCard } from '@pk/test-kit';
import { isolatedStack, type IsolatedStack, stackAt } from '../local/isolated-stack';
import { balance, imbalances, publishedEvents, storedEvents, type TypeBalance } from './event-ledger';
import { emptyTally, failureCode, type OperationTally, PatientClient } from './patient-client';

interface HealthBody {
  status: string;
  checks?: Record<string, { status: string; [detail: string]: unknown }>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Options {
  readonly rate: number;
  readonly warmupMs: number;
  readonly gapMs: number;
  readonly region: string;
  readonly keep: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '20' },
      gap: { type: 'string', default: '15' },
      region: { type: 'string', default: '63' },
      keep: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 200)) throw new Error('--rate: commands a second, from 1 to 200');
  if (!/^[0-9]{2}$/.test(values.region)) throw new Error('--region: a two-digit region code');
  return {
    rate,
    warmupMs: Number(values.warmup) * 1000,
    gapMs: Number(values.gap) * 1000,
    region: values.region,
    keep: values.keep,
  };
}

/** The stack PK_LOCAL_DIR names (left running), or one of this run's own (removed unless --keep). */
async function theStack(keep: boolean): Promise<{ stack: IsolatedStack; own: boolean }> {
  const given = process.env['PK_LOCAL_DIR'];
  const stack = given
    ? stackAt(path.resolve(given), Number(process.env['PK_PORT_OFFSET'] ?? 0))
    : await isolatedStack('rolling-restart');
  console.log(`stack: ${stack.localDir} (port offset ${stack.portOffset}); starting what does not run…`);
  const t0 = Date.now();
  await stack.run('up', '--with-services');
  console.log(`stack up in ${seconds(Date.now() - t0)}`);
  return { stack, own: !given && !keep };
}

// ------------------------------------------------------------------------------------------------
// restarts

interface Restart {
  readonly service: BoundedContext;
  /** SIGTERM to the process's exit. */
  readonly stopMs: number;
  /** The runner's start to /health 200. */
  readonly startMs: number;
  readonly killed: boolean;
  /** The runner's complaint when the service did not come back healthy. */
  readonly failedToStart?: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, the exit waited out (SIGKILL after 90 s, reported), then `stack.mjs up` starts it again. */
async function restart(stack: IsolatedStack, service: BoundedContext): Promise<Restart> {
  const pid = Number(readFileSync(path.join(stack.localDir, 'run', `${service}.pid`), 'utf8'));
  const t0 = Date.now();
  process.kill(pid, 'SIGTERM');
  let killed = false;
  while (isAlive(pid)) {
    if (Date.now() - t0 > 90_000) {
      process.kill(pid, 'SIGKILL');
      killed = true;
    }
    await sleep(50);
  }
  const stopMs = Date.now() - t0;
  const t1 = Date.now();
  try {
    await stack.run('up', '--with-services');
    return { service, stopMs, startMs: Date.now() - t1, killed };
  } catch (error) {
    // the runner gives a service 90 s to answer /health; what it said is the finding
    const said = String((error as { stderr?: string }).stderr ?? error).split('\n')[0]!;
    return { service, stopMs, startMs: Date.now() - t1, killed, failedToStart: said };
  }
}

// ------------------------------------------------------------------------------------------------
// the region's world and the load

interface World {
  readonly region: string;
  readonly year: number;
  readonly admin: Principal;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly providerId: string;
  readonly asProvider: Principal;
  readonly experts: number;
}

/** What the load created and was answered for: the figures the read models must show. */
interface Created {
  readonly drafted: string[];
  readonly submitted: string[];
  readonly teachers: Set<string>;
  readonly providers: Set<string>;
  /** Budgets of the year the vouchers service accepted, each a new amount. */
  budgetsSet: number;
  /** Submissions whose answer was lost and whose retry was refused (If-Match no longer 0). */
  readonly submissionsToCheck: string[];
}

class Load {
  readonly created: Created = {
    drafted: [],
    submitted: [],
    teachers: new Set(),
    providers: new Set(),
    budgetsSet: 0,
    submissionsToCheck: [],
  };
  private readonly toSubmit: string[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private budgetInFlight = false;
  private tick = 0;
  private readonly seed = randomInt(10_000_000, 89_999_999);

  constructor(
    private readonly client: PatientClient,
    private readonly url: (service: BoundedContext) => string,
    private readonly world: World,
    private readonly auth: (principal: Principal) => Promise<Record<string, string>>,
  ) {}

  /** Open loop: one operation every 1/rate s whatever the answers, until stopped. */
  async run(rate: number, stop: AbortSignal): Promise<void> {
    const period = 1000 / rate;
    const t0 = Date.now();
    while (!stop.aborted) {
      const operation = this.next();
      this.inFlight.add(operation);
      void operation.finally(() => this.inFlight.delete(operation));
      this.tick += 1;
      const due = t0 + this.tick * period;
      await sleep(Math.max(0, due - Date.now()));
    }
    await Promise.all(this.inFlight);
  }

  private next(): Promise<unknown> {
    switch (this.tick % 10) {
      case 0:
      case 4:
        return this.draft();
      case 1:
        return this.toSubmit.length > 0 ? this.submit(this.toSubmit.shift()!) : this.draft();
      case 5:
        return this.read();
      case 2:
      case 6:
        return this.teacher();
      case 3:
        return this.provider();
      case 7:
        return this.budgetInFlight ? this.read() : this.budget();
      default:
        return this.read();
    }
  }

  private programsUrl() {
    return `${this.url('catalog')}/providers/${this.world.providerId}/programs`;
  }

  private async draft() {
    const programId = randomUUID();
    const n = this.created.drafted.length + this.toSubmit.length + 1;
    const answer = await this.client.send('catalog: draft a program', this.programsUrl(), {
      method: 'POST',
      headers: await this.auth(this.world.asProvider),
      body: {
        programId,
        region: this.world.region,
        ...programCard(`Функциональная грамотность на уроках физики, поток ${n}`),
      },
    });
    if (answer.status === 201) {
      this.created.drafted.push(programId);
      this.toSubmit.push(programId);
    }
  }

  private async submit(programId: string) {
    // If-Match "0": the draft as drafted; a retry after a lost answer finds it submitted (412)
    const answer = await this.client.send(
      'catalog: submit a program',
      `${this.programsUrl()}/${programId}/submission`,
      { method: 'POST', headers: { ...(await this.auth(this.world.asProvider)), 'if-match': '"0"' } },
    );
    if (answer.status === 201) {
      this.created.submitted.push(programId);
      this.submittedAt.push([programId, Date.now()]);
    } else if (answer.status === 412 && answer.attempts > 1) this.created.submissionsToCheck.push(programId);
  }

  private async teacher() {
    const nine = `1${String(this.seed).slice(-3)}${String(this.tick).padStart(5, '0')}`;
    const snils = `${nine}${snilsCheckNumber(nine)}`;
    const { region, organizationId, municipalityId, admin } = this.world;
    const answer = await this.client.send<{ teacherId?: string }>(
      'diagnostics: register a teacher',
      `${this.url('diagnostics')}/teachers`,
      {
        method: 'POST',
        headers: await this.auth(admin),
        body: teacherBody(region, organizationId, municipalityId, snils, this.tick),
      },
    );
    if (answer.status === 201 && answer.body.teacherId) this.created.teachers.add(answer.body.teacherId);
  }

  private async provider() {
    const inn = `6${String(this.seed).slice(-4)}${String(this.tick).padStart(5, '0')}`;
    const providerId = directoryId('provider', this.world.region, inn);
    const answer = await this.client.send(
      'catalog: register a provider',
      `${this.url('catalog')}/providers`,
      {
        method: 'POST',
        headers: await this.auth(this.world.admin),
        body: {
          providerId,
          region: this.world.region,
          name: `АНО ДПО «Учебный центр ${inn}»`,
          inn,
          ownership: 'private',
          kind: 'other',
        },
      },
    );
    if (answer.status === 201) this.created.providers.add(providerId);
  }

  /** One budget at a time, each a new amount: a retry sends the same amount, which changes nothing. */
  private async budget() {
    this.budgetInFlight = true;
    try {
      const { region, year, admin } = this.world;
      const amount = 10_000_000 + this.tick;
      const answer = await this.client.send(
        'vouchers: set the year’s budget',
        `${this.url('vouchers')}/budgets/${region}/${year}`,
        { method: 'PUT', headers: await this.auth(admin), body: { amount } },
      );
      if (answer.status === 200) this.created.budgetsSet += 1;
    } finally {
      this.budgetInFlight = false;
    }
  }

  /** When each answered submission was answered, oldest first. */
  private readonly submittedAt: [string, number][] = [];

  /**
   * The newest program submitted 90 s ago or earlier: one every read model has had time to show,
   * a restart of its service included (a newer one may not be there yet, an honest 404).
   */
  private settled(): string | undefined {
    const due = Date.now() - 90_000;
    return this.submittedAt.findLast(([, at]) => at <= due)?.[0];
  }

  private async read() {
    const { region, year, admin } = this.world;
    const headers = await this.auth(admin);
    const program = this.settled();
    const reads: [string, string][] = [
      ['monitoring: the region in figures', `${this.url('monitoring')}/statistics/figures?year=${year}`],
      ['expertise: a program’s reviews', `${this.url('expertise')}/programs/${program}/reviews`],
      ['enrollment: the region’s applications', `${this.url('enrollment')}/applications`],
      ['vouchers: the year’s budget', `${this.url('vouchers')}/budgets/${region}/${year}`],
      ['catalog: a program', `${this.url('catalog')}/programs/${program}?region=${region}`],
      ['diagnostics: the campaigns', `${this.url('diagnostics')}/campaigns?region=${region}`],
    ];
    // until a program is 90 s old, the program reads give way to the region's figures
    const [operation, url] =
      program === undefined && [1, 4].includes(Math.floor(this.tick / 10) % reads.length)
        ? reads[0]!
        : reads[Math.floor(this.tick / 10) % reads.length]!;
    await this.client.send(operation, url, { method: 'GET', headers });
  }
}

function teacherBody(
  region: string,
  organizationId: string,
  municipalityId: string,
  snils: string,
  n: number,
) {
  return {
    region,
    organizationId,
    municipalityId,
    position: 'teacher',
    subjects: ['physics'],
    workProfile: '',
    category: 'first',
    categorySince: '2022-04-15',
    education: 'higher-pedagogical',
    lastTrainingCompletedOn: null,
    personalData: { lastName: 'Иванова', firstName: 'Мария', patronymic: `Учитель ${n}`, snils },
  };
}

// ------------------------------------------------------------------------------------------------
// main

interface Figures {
  territory: { teachers: number; organizations: number };
  regionWide: { providers: number; programsInReview: number; activeExperts: number };
}

async function main(): Promise<number> {
  muteKafkaJsTimeoutWarning((line) => console.warn(line));
  const opts = options();
  const { stack, own } = await theStack(opts.keep);
  try {
    return await proveRollingRestart(stack, opts);
  } finally {
    if (own) {
      console.log('removing the run’s stack…');
      await stack.remove();
    } else console.log(`the stack keeps running: ${stack.localDir}`);
  }
}

async function proveRollingRestart(stack: IsolatedStack, opts: Options): Promise<number> {
  const { region } = opts;
  const year = new Date().getUTCFullYear();
  const url = (service: BoundedContext) => stack.serviceUrl(service);
  const pem = readFileSync(path.join(stack.localDir, 'keys', 'dev-private.pem'), 'utf8');
  const tokens = new Map<string, string>();
  const auth = async (principal: Principal) => {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) tokens.set(key, await issueToken(pem, principal, { ttl: '2h' }));
    return { authorization: `Bearer ${tokens.get(key)}` };
  };
  const setup = new PatientClient();
  // the counts after the load: a store that stopped answering must not hold the report for hours
  const probe = new PatientClient({ giveUpAfterMs: 10_000, attemptTimeoutMs: 5_000, reconnectPauseMs: 250 });
  const admin: Principal = { subject: `admin-${region}`, role: 'ministry-admin', region };

  // the world: a municipality and its school (diagnostics refuses a teacher of a school catalog has
  // not told it of), a state provider whose programs the load drafts, and experts for the reviews
  const figures = async () =>
    (
      await setup.send<Figures>('setup', `${url('monitoring')}/statistics/figures?year=${year}`, {
        method: 'GET',
        headers: await auth(admin),
      })
    ).body;
  const before = await figures();
  const oktmo = '36701000';
  const municipalityId = directoryId('municipality', region, oktmo);
  // a school and a provider of this run's own (random ИНН): each adds one to monitoring's counts
  const schoolInn = `63${randomInt(10_000_000, 99_999_999)}`;
  const organizationId = directoryId('organization', region, schoolInn);
  const providerInn = `63${randomInt(10_000_000, 99_999_999)}`;
  const providerId = directoryId('provider', region, providerInn);
  const must = async (what: string, answer: Promise<{ status: number | 'failed' }>) => {
    const { status } = await answer;
    if (status !== 200 && status !== 201) throw new Error(`setup: ${what} answered ${status}`);
  };
  const post = async (u: string, body: unknown) =>
    setup.send('setup', u, { method: 'POST', headers: await auth(admin), body });
  await must(
    'the municipality',
    post(`${url('catalog')}/municipalities`, {
      municipalityId,
      region,
      name: 'городской округ Самара',
      oktmo,
      kind: 'urban-district',
    }),
  );
  await must(
    'the school',
    post(`${url('catalog')}/organizations`, {
      organizationId,
      region,
      municipalityId,
      name: 'МБОУ «Школа № 1»',
      inn: schoolInn,
      kind: 'school',
    }),
  );
  await must(
    'the provider',
    post(`${url('catalog')}/providers`, {
      providerId,
      region,
      name: 'ГАУ ДПО «СИПКРО»',
      inn: providerInn,
      ownership: 'state',
      kind: 'dpo-institute',
    }),
  );
  const experts = 3;
  for (let i = 0; i < experts; i++) {
    await must(
      'an expert',
      post(`${url('expertise')}/experts`, {
        expertId: randomUUID(),
        region,
        organizationId: randomUUID(),
        subjects: ['physics'],
        competencies: ['R/01'],
      }),
    );
  }
  const world: World = {
    region,
    year,
    admin,
    municipalityId,
    organizationId,
    providerId,
    asProvider: { subject: `provider-${region}`, role: 'provider', region, organization: providerId },
    experts,
  };
  // diagnostics learns of the school from catalog's topic: a moment
  const firstSnils = `${String(randomInt(100_000_000, 999_999_999))}`;
  let firstTeacher: string | undefined;
  for (let i = 0; i < 120 && !firstTeacher; i++) {
    const answer = await setup.send<{ teacherId?: string }>('setup', `${url('diagnostics')}/teachers`, {
      method: 'POST',
      headers: await auth(admin),
      body: teacherBody(
        region,
        organizationId,
        municipalityId,
        `${firstSnils}${snilsCheckNumber(firstSnils)}`,
        0,
      ),
    });
    if (answer.status === 201) firstTeacher = answer.body.teacherId;
    else await sleep(1000);
  }
  if (!firstTeacher) throw new Error('setup: diagnostics never took a teacher of the school');
  console.log(`world of region ${region} registered; load at ${opts.rate} commands/s`);

  // the load, and the restarts one by one under it
  const client = new PatientClient();
  const load = new Load(client, url, world, auth);
  const stopLoad = new AbortController();
  const t0 = Date.now();
  const loading = load.run(opts.rate, stopLoad.signal);
  await sleep(opts.warmupMs);
  const restarts: Restart[] = [];
  for (const service of BOUNDED_CONTEXTS) {
    const done = await restart(stack, service);
    restarts.push(done);
    console.log(
      `${seconds(Date.now() - t0).padStart(8)}  ${service.padEnd(12)} stopped in ${seconds(done.stopMs)}${done.killed ? ' (SIGKILLed after 90 s)' : ''}, ${done.failedToStart ? `NOT healthy again: ${done.failedToStart}` : `healthy again in ${seconds(done.startMs)}`}`,
    );
    await sleep(opts.gapMs);
  }
  stopLoad.abort();
  await loading;
  console.log(`load stopped after ${seconds(Date.now() - t0)}; counting…`);

  // submissions whose answer was lost: refused on the retry (412), taken if catalog shows them submitted
  for (const programId of load.created.submissionsToCheck) {
    const answer = await setup.send<{ status?: string }>('setup', `${url('catalog')}/programs/${programId}`, {
      method: 'GET',
      headers: await auth(world.asProvider),
    });
    if (answer.body.status === 'submitted') load.created.submitted.push(programId);
  }
  const explainedRetries = load.created.submissionsToCheck.length;

  // read models: until they show what the load made, at most 3 minutes
  const created = load.created;
  const expected = {
    teachers: before.territory.teachers + created.teachers.size + 1,
    organizations: before.territory.organizations + 1,
    providers: before.regionWide.providers + created.providers.size + 1,
    programsInReview: before.regionWide.programsInReview + created.submitted.length,
    activeExperts: before.regionWide.activeExperts + experts,
  };
  const casesOf = async (programId: string) =>
    (
      (
        await probe.send<{ cases?: unknown[] }>(
          'probe',
          `${url('expertise')}/programs/${programId}/reviews`,
          {
            method: 'GET',
            headers: await auth(admin),
          },
        )
      ).body.cases ?? []
    ).length;
  let shown: Record<string, number> = {};
  let casesPerProgram = new Map<string, number>();
  const settleStart = Date.now();
  for (;;) {
    const now = (
      await probe.send<Figures>('probe', `${url('monitoring')}/statistics/figures?year=${year}`, {
        method: 'GET',
        headers: await auth(admin),
      })
    ).body;
    shown = {
      teachers: now.territory?.teachers ?? -1,
      organizations: now.territory?.organizations ?? -1,
      providers: now.regionWide?.providers ?? -1,
      programsInReview: now.regionWide?.programsInReview ?? -1,
      activeExperts: now.regionWide?.activeExperts ?? -1,
    };
    const programs = [...created.submitted, ...created.drafted.filter((p) => !created.submitted.includes(p))];
    casesPerProgram = new Map();
    for (const programId of programs) {
      if (Date.now() - settleStart > 240_000) break;
      casesPerProgram.set(programId, await casesOf(programId));
    }
    const figuresMatch = Object.entries(expected).every(([k, v]) => shown[k] === v);
    const casesMatch = programs.every(
      (p) => casesPerProgram.get(p) === (created.submitted.includes(p) ? 1 : 0),
    );
    if ((figuresMatch && casesMatch) || Date.now() - settleStart > 240_000) break;
    await sleep(3000);
  }
  const settledIn = Date.now() - settleStart;

  const stored = await storedEvents(stack.endpoints.databaseUrl);
  const published = await publishedEvents(stack.endpoints.kafkaBrokers);
  const budgetEvents = (stored.get('vouchers') ?? []).filter((e) => e.type === 'vouchers.BudgetSet').length;

  // ---- the report
  const problems: string[] = [];
  console.log('\n== requests (one line per operation; a retry is part of its request) ==');
  const rows = [...client.tallies].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce<OperationTally>(
    (sum, [, t]) => ({
      sent: sum.sent + t.sent,
      answered2xx: sum.answered2xx + t.answered2xx,
      refused: merge(sum.refused, t.refused),
      refusedAfterRetry: merge(sum.refusedAfterRetry, t.refusedAfterRetry),
      retried503: sum.retried503 + t.retried503,
      retriedConnection: merge(sum.retriedConnection, t.retriedConnection),
      failed: merge(sum.failed, t.failed),
    }),
    emptyTally(),
  );
  console.log(
    table(
      ['operation', 'sent', '2xx', '4xx', '4xx after retry', '503 retried', 'conn. retried', 'failed'],
      [...rows, ['total', total] as const].map(([name, t]) => [
        name,
        t.sent,
        t.answered2xx,
        counts(t.refused),
        counts(t.refusedAfterRetry),
        t.retried503,
        counts(t.retriedConnection),
        counts(t.failed),
      ]),
    ),
  );
  if (Object.keys(total.refused).length > 0)
    problems.push(`refused on the first attempt: ${counts(total.refused)}`);
  if (Object.keys(total.failed).length > 0) problems.push(`requests failed: ${counts(total.failed)}`);
  const unexplained = sum(total.refusedAfterRetry) - explainedRetries;
  const confirmedRetries = load.created.submissionsToCheck.filter((p) =>
    created.submitted.includes(p),
  ).length;
  if (unexplained !== 0 || confirmedRetries !== explainedRetries) {
    problems.push(
      `4xx after a retry: ${sum(total.refusedAfterRetry)}, of which ${confirmedRetries} were submissions catalog shows submitted`,
    );
  }
  const answered = total.answered2xx + sum(total.refused) + sum(total.refusedAfterRetry);
  if (answered + sum(total.failed) !== total.sent) problems.push('a request neither answered nor failed');

  console.log('\n== restarts (SIGTERM → exit; start → /health 200) ==');
  console.log(
    table(
      ['service', 'stop', 'start', 'SIGKILLed', 'healthy again'],
      restarts.map((r) => [
        r.service,
        seconds(r.stopMs),
        seconds(r.startMs),
        r.killed ? 'yes' : 'no',
        r.failedToStart ? 'NO' : 'yes',
      ]),
    ),
  );
  for (const r of restarts) {
    if (r.killed) problems.push(`${r.service} did not exit within 90 s of SIGTERM`);
    if (r.failedToStart) problems.push(`${r.service} did not come back: ${r.failedToStart}`);
  }
  console.log('\n== /health after the run ==');
  for (const service of BOUNDED_CONTEXTS) {
    const health = await fetch(`${url(service)}/health`, { signal: AbortSignal.timeout(5000) })
      .then(async (r) => ({ code: r.status, ...((await r.json()) as HealthBody) }))
      .catch(
        (error: unknown) =>
          ({ code: 0, status: `no answer (${failureCode(error)})`, checks: {} }) as HealthBody & {
            code: number;
          },
      );
    const degraded = Object.entries(health.checks ?? {})
      .filter(([, c]) => c.status !== 'ok')
      .map(([name, c]) => `${name}: ${c['reason'] ?? c.status}`);
    console.log(
      `${service.padEnd(12)} ${health.code} ${health.status}${degraded.length ? ` — ${degraded.join('; ')}` : ''}`,
    );
    if (health.code !== 200) problems.push(`${service} /health ${health.code} ${health.status}`);
  }

  console.log('\n== events: store vs Kafka topic (each event stored once, published at least once) ==');
  const eventRows: (string | number)[][] = [];
  let twice = 0;
  for (const context of BOUNDED_CONTEXTS) {
    const rowsOf: TypeBalance[] = balance(stored.get(context) ?? [], published.get(context) ?? []);
    for (const row of rowsOf) {
      eventRows.push([
        row.type,
        row.stored,
        row.private ? 'private' : row.published,
        row.private ? '-' : row.publishedDistinct,
        row.private ? '-' : row.publishedTwice,
        row.unpublished,
        row.strangers,
      ]);
      twice += row.publishedTwice;
    }
    problems.push(...imbalances(rowsOf));
  }
  console.log(
    table(
      ['type', 'stored', 'on topic', 'distinct ids', 'sent twice', 'unpublished', 'not stored'],
      eventRows,
    ),
  );

  console.log(`\n== read models vs what the load created (settled in ${seconds(settledIn)}) ==`);
  const multi = [...casesPerProgram].filter(([p, n]) => n !== (created.submitted.includes(p) ? 1 : 0));
  const submittedCases = created.submitted.reduce((s, p) => s + (casesPerProgram.get(p) ?? 0), 0);
  const figureRows: (string | number)[][] = [
    ...Object.entries(expected).map(([k, v]) => [`monitoring figures: ${k}`, v, shown[k] ?? '?']),
    ['expertise: review cases of the submitted programs', created.submitted.length, submittedCases],
    ['expertise: programs with a wrong number of cases', 0, multi.length],
    ['vouchers: budgets set (BudgetSet events)', created.budgetsSet, budgetEvents],
  ];
  console.log(table(['figure', 'expected', 'shown'], figureRows));
  for (const [what, want, got] of figureRows)
    if (want !== got) problems.push(`${what}: expected ${want}, shown ${got}`);
  if (twice > 0) {
    console.log(
      `\n${twice} message(s) sent twice by a relay (at least once: its checkpoint lagged its last send when it stopped); ` +
        `consumers drop them by event id, and the read models above count each event once.`,
    );
  }

  if (problems.length > 0) {
    console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  console.log(
    '\nOK: every request answered (retries included), every event stored once, published, applied once.',
  );
  return 0;
}

function merge(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}
const sum = (c: Record<string, number>) => Object.values(c).reduce((s, v) => s + v, 0);
const counts = (c: Record<string, number>) =>
  Object.keys(c).length === 0
    ? '0'
    : Object.entries(c)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');

function table(head: string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// npm run bench -- --scale 0.05            a region's year at one scale
// npm run bench -- --scales 0.01,0.05,0.1  the same at several, and how each figure grows
//
// A region's year as the demo region generator drives it (deploy/demo: directories, experts,
// teachers, programs through expertise into the register, internship sites, the diagnostics and
// trajectories, the vouchers), through the services' public APIs, on a stack of the benchmark's own
// (a fresh folder and free ports, removed afterwards), so every figure is the year's alone:
//
// - wall time of each step of the load, and of the whole;
// - command → visible in a read model while the year loads: a municipality registered in catalog at
//   a fixed offered rate (in a region of its own), timed from the command's answer until catalog's
//   directory read model shows it (p50, p99);
// - events stored per service, peak memory per service (VmHWM), size on disk of each store (each
//   service's PostgreSQL schema, FerretDB's database, Kafka's log folder);
// - the admin queries at that scale, p50 / p99: the ministry's filtered register page, a
//   municipality's overdue-training report, a school's overdue staff, the region-wide report;
// - monitoring's rebuild of every read model from zero, to the swap.
//
// Several scales print a table of every figure per scale, a plot of the load's wall time, and the
// growth of each figure named: flat, linear or worse (see docs/region-benchmark.md).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken, type Principal } from '@pk/auth';
import { until } from '@pk/test-kit';
import { directoryId, regionToday } from '@pk/contracts';
import { Pool } from 'pg';
import { loadRegion } from '../demo/load-region';
import {
  type Call,
  monitoringAnswers,
  municipalitiesRegistering,
  rebuildReadModels,
  settledAnswers,
} from '../demo/monitoring-answers';
import { planRegion, type RegionPlan } from '../demo/region-plan';
import { type IsolatedStack, isolatedStack, SERVICES } from '../local/isolated-stack';
import { percentile } from './percentile';

/** The region of the year, and the probe's own (its municipalities never mix with the year's). */
const REGION = '63';
const PROBE_REGION = '64';
/** Commands per second the probe offers while the year loads: a steady trickle beside the load. */
const PROBE_RATE = 5;
/** Samples per admin query shape. */
const QUERY_SAMPLES = 50;

interface YearFigures {
  readonly scale: number;
  readonly teachers: number;
  readonly loadSeconds: number;
  readonly steps: readonly { readonly step: string; readonly seconds: number }[];
  readonly visible: { readonly p50: number; readonly p99: number; readonly samples: number };
  readonly events: Record<string, number>;
  readonly peakMemoryMb: Record<string, number>;
  readonly diskMb: Record<string, number>;
  readonly queries: Record<string, { readonly p50: number; readonly p99: number }>;
  readonly rebuildSeconds: number | null;
  readonly rebuilt: string;
  /** Monitoring's answers for the region after the rebuild against before it, writes going on. */
  readonly rebuiltEqualsLive: string;
}

async function main() {
  const { values } = parseArgs({
    options: { scale: { type: 'string' }, scales: { type: 'string' } },
  });
  const scales = (values.scales ?? values.scale ?? '0.02').split(',').map(Number);
  for (const scale of scales) {
    if (!(scale > 0) || scale > 20)
      fail(`--scale: ожидается число больше 0 и не больше 20, получено «${scale}»`);
  }
  const figures: YearFigures[] = [];
  for (const scale of scales) {
    figures.push(await yearAt(scale));
    print(figures.at(-1)!);
  }
  if (figures.length > 1) printGrowth(figures);
}

async function yearAt(scale: number): Promise<YearFigures> {
  const plan = planRegion({ region: REGION, scale, seed: 1 });
  log(
    `\n== region ${REGION} at scale ${scale}: ${plan.teachers.length} teachers, ${plan.programs.length} programs`,
  );
  const stack = await isolatedStack('region-bench');
  const db = new Pool({ connectionString: stack.endpoints.databaseUrl, max: 2 });
  try {
    log('starting a stack of the benchmark’s own…');
    await stack.run('up', '--with-services');
    const privateKeyPem = readFileSync(path.join(stack.localDir, 'keys', 'dev-private.pem'), 'utf8');
    const call = caller(privateKeyPem);
    const year = Number(regionToday(REGION, new Date()).slice(0, 4));

    const probe = visibilityProbe(stack, call);
    const started = performance.now();
    const report = await loadRegion(plan, {
      urls: {
        catalog: stack.serviceUrl('catalog'),
        expertise: stack.serviceUrl('expertise'),
        vouchers: stack.serviceUrl('vouchers'),
        diagnostics: stack.serviceUrl('diagnostics'),
        enrollment: stack.serviceUrl('enrollment'),
      },
      privateKeyPem,
      year,
      log: (line) => (/^— |^ {2}/.test(line) ? log(line) : undefined),
    });
    // the bulk issue answers once the money is committed; its vouchers follow: the year ends with them
    const vouchers = /(\d+) issued now, (\d+) before/.exec(
      report.steps.find((s) => s.step.startsWith('the vouchers of'))?.detail ?? '',
    );
    const issued = vouchers ? Number(vouchers[1]) + Number(vouchers[2]) : 0;
    await until(
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `select count(*) as n from vouchers.events where type = 'vouchers.VoucherIssued' and data->>'region' = $1`,
          [REGION],
        );
        return Number(rows[0]!.n) >= issued;
      },
      `the ${issued} vouchers committed issued`,
      { timeoutMs: 600_000, pollMs: 250 },
    );
    const loadSeconds = (performance.now() - started) / 1000;
    const visible = await probe.stop();

    const events = await eventsPerService(db);
    const peakMemoryMb = peakMemory(stack);
    const diskMb = await diskUse(db, stack);
    log('admin queries…');
    const queries = await adminQueries(stack, call, plan);
    log('monitoring rebuilds every read model from zero while the probe region writes on…');
    const scope = {
      region: REGION,
      year,
      municipalityIds: plan.municipalities.map((m) => m.municipalityId),
      providerIds: plan.providers.map((p) => p.providerId),
    };
    const answers = () => monitoringAnswers(call, stack.serviceUrl('monitoring'), scope);
    const live = await settledAnswers(answers, { timeoutMs: 600_000 });
    const writes = municipalitiesRegistering(call, stack.serviceUrl('catalog'), PROBE_REGION, (serial) => {
      const oktmo = `${PROBE_REGION}9${String(serial).padStart(5, '0')}`; // out of the probe's way
      return { oktmo, municipalityId: directoryId('municipality', PROBE_REGION, oktmo) };
    });
    const { seconds: rebuildSeconds, detail: rebuilt } = await rebuildMonitoring(stack, call);
    const written = await writes.stop();
    const after = await answers();
    const differing = Object.keys(live).filter(
      (path) => JSON.stringify(live[path]) !== JSON.stringify(after[path]),
    );
    const rebuiltEqualsLive =
      differing.length === 0
        ? `equal: ${Object.keys(live).length} answers, ${written} municipalities written meanwhile`
        : `DIFFERENT in ${differing.length} of ${Object.keys(live).length} answers (${differing.slice(0, 3).join(', ')})`;
    return {
      scale,
      teachers: plan.teachers.length,
      loadSeconds,
      steps: report.steps.map(({ step, seconds }) => ({ step, seconds })),
      visible,
      events,
      peakMemoryMb,
      diskMb,
      queries,
      rebuildSeconds,
      rebuilt,
      rebuiltEqualsLive,
    };
  } finally {
    await db.end();
    await stack.remove();
  }
}

function caller(privateKeyPem: string): Call {
  const tokens = new Map<string, Promise<string>>();
  return async (method, url, principal, body) => {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) tokens.set(key, issueToken(privateKeyPem, principal, { ttl: '4h' }));
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.get(key)!}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const parsed = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: response.status, body: parsed };
  };
}

const ministry = (region: string): Principal => ({ subject: 'region-bench', role: 'ministry-admin', region });

/**
 * Registers municipalities of its own region at PROBE_RATE a second, open loop (one every 1/rate s
 * whatever the last one took), and times each from the command's answer to the first read of
 * catalog's directory that shows it.
 */
function visibilityProbe(stack: IsolatedStack, call: Call) {
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  let serial = 0;
  const catalog = stack.serviceUrl('catalog');
  const admin = ministry(PROBE_REGION);
  const one = async () => {
    const oktmo = `${PROBE_REGION}${String(++serial).padStart(6, '0')}`;
    const municipalityId = directoryId('municipality', PROBE_REGION, oktmo);
    const registered = await call('POST', `${catalog}/municipalities`, admin, {
      municipalityId,
      region: PROBE_REGION,
      name: `муниципальный район Пробный-${serial}`,
      kind: 'municipal-district',
      oktmo,
    });
    if (registered.status !== 201) return; // the stack still starting: no sample
    const answered = performance.now();
    for (let i = 0; i < 2_000; i++) {
      const read = await call('GET', `${catalog}/municipalities/${municipalityId}`, admin);
      if (read.status === 200) {
        samples.push(performance.now() - answered);
        return;
      }
      await sleep(5);
    }
  };
  const timer = setInterval(() => pending.push(one().catch(() => undefined)), 1000 / PROBE_RATE);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return { ...percentiles(samples), samples: samples.length };
    },
  };
}

async function eventsPerService(db: Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const service of SERVICES) {
    const exists = await db.query<{ t: string | null }>(`select to_regclass($1) as t`, [`${service}.events`]);
    if (exists.rows[0]!.t === null) continue;
    const { rows } = await db.query<{ n: string }>(`select count(*) as n from ${service}.events`);
    counts[service] = Number(rows[0]!.n);
  }
  return counts;
}

/** The most resident memory each service's process has held since it started (VmHWM). */
function peakMemory(stack: IsolatedStack): Record<string, number> {
  const peaks: Record<string, number> = {};
  for (const service of SERVICES) {
    try {
      const pid = readFileSync(path.join(stack.localDir, 'run', `${service}.pid`), 'utf8').trim();
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) peaks[service] = Math.round(Number(kb) / 1024);
    } catch {
      // not running: no figure
    }
  }
  return peaks;
}

/** Each service's PostgreSQL schema, FerretDB's database (on the same PostgreSQL) and Kafka's logs. */
async function diskUse(db: Pool, stack: IsolatedStack): Promise<Record<string, number>> {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const sizes: Record<string, number> = {};
  const { rows } = await db.query<{ schema: string; bytes: string }>(
    `select n.nspname as schema, sum(pg_total_relation_size(c.oid)) as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any($1) group by n.nspname`,
    [SERVICES],
  );
  for (const row of rows) sizes[`postgres:${row.schema}`] = mb(Number(row.bytes));
  const ferret = await db.query<{ bytes: string }>(
    `select pg_database_size(datname) as bytes from pg_database where datname = 'ferretdb'`,
  );
  if (ferret.rows[0]) sizes['ferretdb'] = mb(Number(ferret.rows[0].bytes));
  // blocks in use, not the apparent size: Kafka preallocates its index files sparse
  const kafka = execFileSync('du', ['-sk', path.join(stack.localDir, 'kafka')], { encoding: 'utf8' });
  sizes['kafka'] = mb(Number(kafka.split('\t')[0]) * 1024);
  return sizes;
}

async function adminQueries(stack: IsolatedStack, call: Call, plan: RegionPlan) {
  const admin = ministry(REGION);
  const catalog = stack.serviceUrl('catalog');
  const diagnostics = stack.serviceUrl('diagnostics');
  // the largest municipality and school of the plan: the slowest of their kind
  const largest = (key: 'municipalityId' | 'organizationId') => {
    const counts = new Map<string, number>();
    for (const t of plan.teachers) counts.set(t[key], (counts.get(t[key]) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  };
  const municipality = largest('municipalityId');
  const school = largest('organizationId');
  const shapes: Record<string, string> = {
    'register, voucher-eligible, first page': `${catalog}/register?region=${REGION}&voucherEligible=true&pageSize=20`,
    "municipality's overdue report": `${diagnostics}/statistics/overdue-training?region=${REGION}&municipalityId=${municipality}`,
    "school's overdue staff": `${diagnostics}/statistics/overdue-training/teachers?region=${REGION}&organizationId=${school}`,
    'region-wide overdue report': `${diagnostics}/statistics/overdue-training?region=${REGION}`,
  };
  const figures: Record<string, { p50: number; p99: number }> = {};
  for (const [shape, url] of Object.entries(shapes)) {
    const first = await call('GET', url, admin);
    if (first.status !== 200) throw new Error(`${shape}: HTTP ${first.status} ${JSON.stringify(first.body)}`);
    const samples: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const t0 = performance.now();
      await call('GET', url, admin);
      samples.push(performance.now() - t0);
    }
    figures[shape] = percentiles(samples);
  }
  return figures;
}

/** Every read model monitoring keeps, rebuilt at once from zero; seconds to the last swap. */
async function rebuildMonitoring(stack: IsolatedStack, call: Call) {
  const { names, events, seconds } = await rebuildReadModels(call, stack.serviceUrl('monitoring'), REGION);
  if (names.length === 0) return { seconds: null, detail: 'monitoring keeps no read model' };
  return { seconds, detail: `${names.length} read models (${names.join(', ')}), ${events} events` };
}

function percentiles(samples: readonly number[]) {
  const at = (q: number) => (samples.length === 0 ? NaN : percentile(samples, q));
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

const round = (n: number) => Math.round(n * 10) / 10;

function print(f: YearFigures) {
  log(
    `\nregion ${REGION}, scale ${f.scale} (${f.teachers} teachers): the year loaded in ${f.loadSeconds.toFixed(1)} s`,
  );
  console.table(f.steps.map(({ step, seconds }) => ({ step, seconds: round(seconds) })));
  log(
    `command → visible (catalog municipality, ${PROBE_RATE}/s offered during the load): ` +
      `p50 ${f.visible.p50} ms, p99 ${f.visible.p99} ms over ${f.visible.samples} commands`,
  );
  console.table(
    SERVICES.map((service) => ({
      service,
      events: f.events[service] ?? '-',
      'peak memory, MB': f.peakMemoryMb[service] ?? '-',
      'PostgreSQL schema, MB': f.diskMb[`postgres:${service}`] ?? '-',
    })),
  );
  log(`FerretDB ${f.diskMb['ferretdb']} MB, Kafka ${f.diskMb['kafka']} MB on disk`);
  console.table(
    Object.entries(f.queries).map(([query, q]) => ({ query, 'p50, ms': q.p50, 'p99, ms': q.p99 })),
  );
  log(
    f.rebuildSeconds === null
      ? `monitoring rebuild: ${f.rebuilt}`
      : `monitoring rebuilt from zero in ${f.rebuildSeconds.toFixed(1)} s: ${f.rebuilt}; ` +
          `the region's answers after it against before, writes going on: ${f.rebuiltEqualsLive}`,
  );
}

/**
 * Every figure per scale, and its growth named from the smallest scale to the largest: against the
 * growth of the scale itself, flat (the figure grew less than a quarter as fast), linear (up to
 * 1.5 times as fast) or worse.
 */
function printGrowth(figures: readonly YearFigures[]) {
  const rows: [string, (f: YearFigures) => number | undefined][] = [
    ['load, s', (f) => f.loadSeconds],
    ['command → visible p99, ms', (f) => f.visible.p99],
    ...SERVICES.map((s): [string, (f: YearFigures) => number | undefined] => [
      `events: ${s}`,
      (f) => f.events[s],
    ]),
    ...SERVICES.map((s): [string, (f: YearFigures) => number | undefined] => [
      `peak memory MB: ${s}`,
      (f) => f.peakMemoryMb[s],
    ]),
    ['FerretDB MB', (f) => f.diskMb['ferretdb']],
    ['Kafka MB', (f) => f.diskMb['kafka']],
    ...Object.keys(figures[0]!.queries).map((q): [string, (f: YearFigures) => number | undefined] => [
      `p99 ms: ${q}`,
      (f) => f.queries[q]?.p99,
    ]),
    ['monitoring rebuild, s', (f) => f.rebuildSeconds ?? undefined],
  ];
  const first = figures[0]!;
  const last = figures.at(-1)!;
  const scaleGrowth = last.scale / first.scale;
  log(`\nhow the figures grow from scale ${first.scale} to ${last.scale} (×${round(scaleGrowth)}):`);
  console.table(
    rows.map(([figure, of]) => {
      const row: Record<string, string | number> = { figure };
      for (const f of figures) row[`×${f.scale}`] = of(f) === undefined ? '-' : round(of(f)!);
      const [a, b] = [of(first), of(last)];
      row['growth'] = a === undefined || b === undefined || a <= 0 ? '-' : growthOf(b / a, scaleGrowth);
      return row;
    }),
  );
  // the load's wall time against the scale, drawn to the widest bar
  const widest = Math.max(...figures.map((f) => f.loadSeconds));
  log('\nthe year loaded (s), by scale:');
  for (const f of figures) {
    log(
      `${String(f.scale).padStart(6)} ${'█'.repeat(Math.max(1, Math.round((f.loadSeconds / widest) * 50)))} ${f.loadSeconds.toFixed(0)}`,
    );
  }
}

export function growthOf(figureGrowth: number, scaleGrowth: number): 'flat' | 'linear' | 'worse' {
  // on log scales: the exponent k of figure ∝ scale^k
  const k = Math.log(figureGrowth) / Math.log(scaleGrowth);
  return k < 0.25 ? 'flat' : k <= 1.5 ? 'linear' : 'worse';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}

// Whether a large import leaves its service answering: a 20 MB organizations file of about 470 000
// rows that all fail (the worst case of the review: every row rejected, every rejection kept), sent
// to the running catalog while /health is asked every 20 ms. Prints /health's latency (p50, p99,
// max) while the file is read and while its rows run, the catalog's resident memory before, at its
// peak and after, the time to the 202 and to the end, and the report's size — then the same with
// three such files at once (three regions). Exits 1 when an import does not end.
//
// Run (services up: `npm start`):  npm run bench:import-health [-- --rows 480000 --parallel 3]
// CATALOG_URL overrides http://127.0.0.1:3101; the token is signed with the stack's dev key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken } from '@pk/auth';

const ROOT = path.resolve(__dirname, '../..');
const LOCAL = path.resolve(process.env['PK_LOCAL_DIR'] ?? path.join(ROOT, '.local'));
const CATALOG = (process.env['CATALOG_URL'] ?? 'http://127.0.0.1:3101').replace(/\/+$/, '');
const { values } = parseArgs({
  options: { rows: { type: 'string', default: '470000' }, parallel: { type: 'string', default: '3' } },
});
const ROWS = Number(values.rows);
const PARALLEL = Number(values.parallel);

/** Organization rows whose kind no directory knows: each is refused, with its line and column. */
function failingFile(rows: number): Buffer {
  const lines = ['inn;name;kind;municipality_oktmo'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${String(7_700_000_000 + i)};Школа ${i};x${i % 7};36701000`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function token(region: string): Promise<string> {
  const key = readFileSync(
    process.env['AUTH_PRIVATE_KEY_FILE'] ?? path.join(LOCAL, 'keys', 'dev-private.pem'),
    'utf8',
  );
  return issueToken(key, { subject: 'bench', role: 'ministry-admin', region }, { ttl: '1h' });
}

function residentMb(): number | null {
  try {
    const pid = readFileSync(path.join(LOCAL, 'run', 'catalog.pid'), 'utf8').trim();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}

/** Asks /health every 20 ms (one at a time), keeping each answer's time, until stopped. */
function healthProbe() {
  const times: number[] = [];
  let peak = residentMb() ?? 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${CATALOG}/health`).then((r) => r.arrayBuffer());
      times.push(performance.now() - started);
      peak = Math.max(peak, residentMb() ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    mark: () => times.length,
    async stop() {
      running = false;
      await done;
      return { times, peak };
    },
  };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const figures = (times: readonly number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms (${sorted.length} asks)`;
};

async function importAll(files: { region: string; bytes: Buffer }[]) {
  const before = residentMb();
  const probe = healthProbe();
  const started = performance.now();
  const imports = await Promise.all(
    files.map(async ({ region, bytes }) => {
      const authorization = `Bearer ${await token(region)}`;
      const response = await fetch(`${CATALOG}/imports/organizations?region=${region}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'text/csv' },
        body: bytes,
      });
      const answer = (await response.json()) as { importId?: string; detail?: string };
      if (response.status !== 202) throw new Error(`POST answered ${response.status}: ${answer.detail}`);
      return { region, importId: answer.importId!, authorization, acceptedMs: performance.now() - started };
    }),
  );
  const readMark = probe.mark();
  const reports: Record<string, unknown>[] = [];
  for (const { importId, authorization } of imports) {
    for (;;) {
      const report = (await (
        await fetch(`${CATALOG}/imports/${importId}`, { headers: { authorization } })
      ).json()) as Record<string, unknown>;
      if (report['status'] !== 'running') {
        reports.push(report);
        break;
      }
      if (performance.now() - started > 30 * 60_000)
        throw new Error(`import ${importId} did not end in 30 min`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  const endedMs = performance.now() - started;
  const { times, peak } = await probe.stop();
  const reportBytes = Buffer.byteLength(JSON.stringify(reports[0]));
  console.log(
    [
      `  accepted (202) after ${(Math.max(...imports.map((i) => i.acceptedMs)) / 1000).toFixed(2)} s, ended after ${(endedMs / 1000).toFixed(1)} s`,
      `  /health while the files were read: ${figures(times.slice(0, readMark))}`,
      `  /health while the rows ran:        ${figures(times.slice(readMark))}`,
      `  catalog resident memory: ${before} MB before, ${peak} MB at most, ${residentMb()} MB after`,
      `  reports: ${reports.map((r) => `${r['status']} ${r['processed']}/${r['totalRows']}, ${r['rejected']} rejected`).join('; ')}`,
      `  one report is ${(reportBytes / 1024).toFixed(1)} KB (the first 100 rejections; all of them page by page)`,
    ].join('\n'),
  );
}

async function main() {
  const bytes = failingFile(ROWS);
  console.log(`a file of ${ROWS} rows that all fail: ${(bytes.length / 1e6).toFixed(1)} MB`);
  console.log('one import:');
  await importAll([{ region: '91', bytes }]);
  if (PARALLEL > 1) {
    console.log(`${PARALLEL} imports at once, one region each:`);
    await importAll(Array.from({ length: PARALLEL }, (_, i) => ({ region: String(92 + i), bytes })));
  }
}

main().catch((error: unknown) => {
  console.error(String(error));
  process.exit(1);
});

// Runs a benchmark script against the local stack: starts the servers it needs (reusing running
// ones), hands their addresses to the script, and stops what it started.
// usage: node deploy/bench/run.mjs deploy/bench/platform.bench.ts [--scale S | --scales S1,S2,…]
// (with a scale: the region's year of region-year.ts, which starts a stack of its own instead)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, down, quietKafkaJsTimeoutWarning, stackConfig, up } from '../local/stack-lib.mjs';

quietKafkaJsTimeoutWarning();

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node deploy/bench/run.mjs <benchmark.ts> [--scale S | --scales S1,S2,…]');
  process.exit(2);
}
const swc = { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') };
// --scale / --scales: a region's year (region-year.ts), on a stack of that benchmark's own
if (args.some((a) => a === '--scale' || a === '--scales' || /^--scales?=/.test(a))) {
  const year = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, 'deploy/bench/region-year.ts'), ...args],
    { cwd: ROOT, stdio: 'inherit', env: swc },
  );
  process.exit(year.status ?? 1);
}
const config = stackConfig();
const started = await up(config, { log: () => undefined });
const result = spawnSync(process.execPath, ['-r', '@swc-node/register', path.resolve(script)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...swc, ...config.endpoints },
});
if (started.length > 0) await down(config, { only: started, log: () => undefined });
process.exit(result.status ?? 1);

// Runs a benchmark script against the local stack: starts the servers it needs (reusing running
// ones), hands their addresses to the script, and stops what it started.
// usage: node deploy/bench/run.mjs deploy/bench/platform.bench.ts
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, down, quietKafkaJsTimeoutWarning, stackConfig, up } from '../local/stack-lib.mjs';

quietKafkaJsTimeoutWarning();

const script = process.argv[2];
if (!script) {
  console.error('usage: node deploy/bench/run.mjs <benchmark.ts>');
  process.exit(2);
}
const config = stackConfig();
const started = await up(config, { log: () => undefined });
const result = spawnSync(process.execPath, ['-r', '@swc-node/register', path.resolve(script)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ...config.endpoints, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') },
});
if (started.length > 0) await down(config, { only: started, log: () => undefined });
process.exit(result.status ?? 1);

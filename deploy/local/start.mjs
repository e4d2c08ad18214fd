#!/usr/bin/env node
// npm start: the local stack with its six services, then a small demo region loaded into it through
// the services' public APIs (deploy/demo), so that a newcomer sees real figures at once. The demo
// loads once per stack: a note in the stack's folder remembers it (npm run reset removes both), and
// later starts only say so. `npm start -- --no-demo` (or PK_DEMO=0) starts the stack alone.
//
// The demo region is 64, not Samara's 63: the README's "Try it" walks region 63 with an expert
// pool and a register of its own, and a demo region there would take its reviews and its register.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, stackConfig } from './stack-lib.mjs';

const DEMO = { region: '64', scale: '0.005', seed: '1' };

const flags = process.argv.slice(2);
const unknown = flags.filter((f) => f !== '--no-demo');
if (unknown.length > 0) {
  console.error(`npm start: unknown option ${unknown.join(' ')} (the one there is: --no-demo)`);
  process.exit(2);
}

const node = process.execPath;
const up = spawnSync(node, [path.join(ROOT, 'deploy/local/stack.mjs'), 'up', '--with-services'], {
  stdio: 'inherit',
});
if (up.status !== 0) process.exit(up.status ?? 1);
if (flags.includes('--no-demo') || process.env.PK_DEMO === '0') process.exit(0);

const note = path.join(stackConfig().localDir, 'demo-region.json');
const args = ['--region', DEMO.region, '--scale', DEMO.scale, '--seed', DEMO.seed];
if (existsSync(note)) {
  const loaded = JSON.parse(readFileSync(note, 'utf8'));
  console.log(
    `demo region ${loaded.region} (scale ${loaded.scale}) was loaded on ${loaded.loadedAt}; ` +
      `npm run demo -- ${args.join(' ')} loads it again, doubling nothing`,
  );
  process.exit(0);
}
console.log(`\nloading demo region ${DEMO.region} at scale ${DEMO.scale} (npm start -- --no-demo skips it)`);
const demo = spawnSync(node, ['-r', '@swc-node/register', path.join(ROOT, 'deploy/demo/demo.ts'), ...args], {
  stdio: 'inherit',
  cwd: ROOT,
  env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
});
if (demo.status !== 0) {
  console.error(
    `\nthe stack runs, but demo region ${DEMO.region} did not load (above, why); ` +
      `npm run demo -- ${args.join(' ')} resumes it`,
  );
  process.exit(demo.status ?? 1);
}
writeFileSync(note, `${JSON.stringify({ ...DEMO, loadedAt: new Date().toISOString() }, null, 2)}\n`);

// npm test's phases on real servers, side by side: the integration specs in two lanes, each on a
// stack of its own (ports and folder of its own), and the end-to-end specs on the stack the e2e
// files share. Every lane runs its files one at a time; all of them spend most of their time
// waiting on servers and consumers, so together they take little more than the longest lane
// instead of the sum. The integration files are split between the lanes by their measured weight
// (jest/balanced-shards.js). With Docker the servers come from docker-compose.yml on fixed ports,
// so the integration specs run in one lane there.
// The e2e lane runs its files in two steps: first those that share one stack, whose teardown stops
// it, then the local stack's own spec, which starts a whole stack of its own. Run in one jest
// process the two stacks would overlap, and a fourth stack on two cores made a cold start miss its bound.
// The first lane's output streams as it comes; the others' are printed whole when they end, so
// lines never interleave. The exit code is the first failure's.
import path from 'node:path';
import { ROOT, stackMode } from '../local/stack-lib.mjs';
import { runCommand } from './run-command.mjs';

const jest = (project, ...more) => ['jest', '--selectProjects', project, '--runInBand', ...more];
const sequencer = `--testSequencer=${path.join(ROOT, 'deploy/test/jest/balanced-shards.js')}`;

/** The integration lanes: the first on the tests' default stack (jest/global-setup.mjs), the next beside it. */
const integrationLanes =
  stackMode() === 'docker'
    ? [{ name: 'integration', steps: [jest('integration')], env: {} }]
    : [1, 2].map((lane) => ({
        name: `integration ${lane}/2`,
        steps: [jest('integration', `--shard=${lane}/2`, sequencer)],
        env:
          lane === 1
            ? {}
            : { PK_PORT_OFFSET: '800', PK_LOCAL_DIR: path.join(ROOT, '.local', 'test-stack-2') },
      }));

const STACK_SPEC = 'deploy/local/stack.e2e.spec.ts';
const e2eLane = {
  name: 'e2e',
  steps: [jest('e2e', `--testPathIgnorePatterns=${STACK_SPEC}`), jest('e2e', '--runTestsByPath', STACK_SPEC)],
  env: {},
};

const lanes = [...integrationLanes, e2eLane];

/** A lane's steps one after another; every step runs, and the lane's code is its first failure's. */
async function runLane({ steps, env }, stream) {
  let code = 0;
  let output = '';
  for (const args of steps) {
    const result = await runCommand('npx', args, { stream, env });
    output += result.output;
    if (code === 0) code = result.code;
  }
  return { code, output };
}

const results = await Promise.all(
  lanes.map((lane, i) =>
    runLane(lane, i === 0).then((result) => {
      if (i > 0) process.stdout.write(`\n[${lane.name}] ran beside the first lane:\n${result.output}`);
      process.stdout.write(
        `[${lane.name}] ${result.code === 0 ? 'passed' : `failed (exit ${result.code})`}\n`,
      );
      return result;
    }),
  ),
);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);

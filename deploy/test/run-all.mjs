// npm test in three phases, each as wide as two cores allow:
// 1. the static checks — lint, type-check and format side by side (checks.mjs) — while the servers
//    of the integration lanes start (each lane's Kafka, PostgreSQL and FerretDB);
// 2. the unit specs, two at a time, alone: several of them time themselves (jest's 5 s, the
//    layer rules' 60 s) and missed their time beside the server lanes;
// 3. the server lanes side by side, each one file at a time:
//    - integration 1/3 to 3/3, each on the stack started in phase 1 (ports +700, +800 and +900;
//      .local/test-stack, .local/test-stack-2 and -3), the files split by their measured weight
//      (jest/balanced-shards.js). Most of a lane's time is waiting on consumers and projections:
//      a file took about as long in three lanes as in two, so three finish sooner. With Docker the servers come from docker-compose.yml on fixed ports (jest's global
//      setup), so there is one lane;
//    - e2e: first the files that share one stack, whose teardown stops it, then the local stack's
//      own spec, which starts a whole stack of its own (in one jest process the two would overlap,
//      and a fourth stack on two cores made a cold start miss its bound).
// The first phases' output streams; a server lane prints each file's PASS or FAIL line as it comes
// and its whole output when it ends, so lines never interleave. Every phase runs whatever failed
// before it; the exit code is the first failure's. PK_KEEP_STACK=1 keeps the integration stacks.
import path from 'node:path';
import { down, infrastructure, reset, ROOT, stackConfig, stackMode, up } from '../local/stack-lib.mjs';
import { testStackEnvironment } from './jest/global-setup.mjs';
import { runCommand } from './run-command.mjs';

const jest = (project, ...more) => ['npx', ['jest', '--selectProjects', project, ...more]];
const sequencer = `--testSequencer=${path.join(ROOT, 'deploy/test/jest/balanced-shards.js')}`;
const docker = stackMode() === 'docker';
const t0 = Date.now();
const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;

let unitDone;
const unitFinished = new Promise((resolve) => (unitDone = resolve));

const staticLane = {
  name: 'checks and unit',
  stream: true,
  steps: [['node', [path.join(ROOT, 'deploy/test/checks.mjs')]], jest('unit', '--maxWorkers=2')],
  afterStep: (index) => index === 1 && unitDone(),
};

/** The integration lanes' port offsets, lane 1 first (its stack is the tests' default one). */
const LANE_OFFSETS = [700, 800, 900, 600];
/**
 * Integration lanes beside the e2e lane: PK_TEST_INT_LANES, 1 to 4. Three by default: a fourth
 * took about as long (14 min 16 s against 14 min 44 s in one pair of runs) and timed out a spec's wait.
 */
const LANES = Number(process.env.PK_TEST_INT_LANES ?? 3);
if (!(Number.isInteger(LANES) && LANES >= 1 && LANES <= LANE_OFFSETS.length)) {
  throw new Error(
    `PK_TEST_INT_LANES must be 1 to ${LANE_OFFSETS.length}, got ${process.env.PK_TEST_INT_LANES}`,
  );
}
const integrationLanes = docker
  ? [{ name: 'integration', steps: [jest('integration', '--runInBand')], env: {}, stepsAfter: unitFinished }]
  : Array.from({ length: LANES }, (_, i) => i + 1).map((lane) => {
      const env =
        lane === 1
          ? {}
          : {
              PK_PORT_OFFSET: String(LANE_OFFSETS[lane - 1]),
              PK_LOCAL_DIR: path.join(ROOT, '.local', `test-stack-${lane}`),
            };
      return {
        name: `integration ${lane}/${LANES}`,
        steps: [jest('integration', '--runInBand', `--shard=${lane}/${LANES}`, sequencer)],
        env,
        stack: stackConfig(testStackEnvironment({ ...process.env, ...env })),
        stepsAfter: unitFinished,
      };
    });

const STACK_SPEC = 'deploy/local/stack.e2e.spec.ts';
const e2eLane = {
  name: 'e2e',
  startAfter: unitFinished,
  steps: [
    jest('e2e', '--runInBand', `--testPathIgnorePatterns=${STACK_SPEC}`),
    jest('e2e', '--runInBand', '--runTestsByPath', STACK_SPEC),
  ],
};

/** A lane's stack up, its steps one after another, its stack removed; its code is its first failure's. */
async function runLane(lane) {
  const { name, steps, env = {}, stream = false, stack, startAfter, stepsAfter, afterStep } = lane;
  let code = 0;
  let output = '';
  const note = (line) => (stream ? process.stdout.write(line) : (output += line));
  if (startAfter) await startAfter;
  process.stdout.write(`[${name}] started (${elapsed()})\n`);
  let startedHere = [];
  if (stack) {
    try {
      startedHere = await up(stack, { log: (line) => note(`[stack] ${line}\n`) });
    } catch (error) {
      return { code: 1, output: `${output}[stack] could not start: ${error.message}\n` };
    }
  }
  try {
    if (stepsAfter) await stepsAfter;
    for (const [index, [command, args]] of steps.entries()) {
      const result = await runCommand(command, args, {
        stream,
        env,
        onLine: stream
          ? undefined
          : (line) => /^(PASS|FAIL) /.test(line) && process.stdout.write(`[${name}] ${line}\n`),
      });
      output += result.output;
      if (code === 0) code = result.code;
      afterStep?.(index);
    }
  } finally {
    if (stack && startedHere.length > 0 && process.env.PK_KEEP_STACK !== '1') {
      const log = (line) => note(`[stack] ${line}\n`);
      // a stack started here from nothing is removed whole; one found running only loses what it added
      const fresh = infrastructure(stack).every((server) => startedHere.includes(server.name));
      if (fresh) await reset(stack, { log });
      else await down(stack, { only: startedHere, log });
    }
  }
  return { code, output };
}

const lanes = [staticLane, ...integrationLanes, e2eLane];
const results = await Promise.all(
  lanes.map((lane) =>
    runLane(lane).then((result) => {
      if (!lane.stream) process.stdout.write(`\n[${lane.name}] its whole output:\n${result.output}`);
      const verdict = result.code === 0 ? 'passed' : `failed (exit ${result.code})`;
      process.stdout.write(`[${lane.name}] ${verdict} (${elapsed()})\n`);
      return result;
    }),
  ),
);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);

// npm test's phases on real servers, side by side: the integration specs in two lanes, each on a
// stack of its own (ports and folder of its own), and the end-to-end specs on the stack the e2e
// files share. Every lane runs its files one at a time; all of them spend most of their time
// waiting on servers and consumers, so together they take little more than the longest lane
// instead of the sum. The integration files are split between the lanes by their measured weight
// (jest/balanced-shards.js). With Docker the servers come from docker-compose.yml on fixed ports,
// so the integration specs run in one lane there.
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
    ? [{ name: 'integration', args: jest('integration'), env: {} }]
    : [1, 2].map((lane) => ({
        name: `integration ${lane}/2`,
        args: jest('integration', `--shard=${lane}/2`, sequencer),
        env:
          lane === 1
            ? {}
            : { PK_PORT_OFFSET: '800', PK_LOCAL_DIR: path.join(ROOT, '.local', 'test-stack-2') },
      }));

const lanes = [...integrationLanes, { name: 'e2e', args: jest('e2e'), env: {} }];

const results = await Promise.all(
  lanes.map(({ name, args, env }, i) =>
    runCommand('npx', args, { stream: i === 0, env }).then((result) => {
      if (i > 0) process.stdout.write(`\n[${name}] ran beside the first lane:\n${result.output}`);
      process.stdout.write(`[${name}] ${result.code === 0 ? 'passed' : `failed (exit ${result.code})`}\n`);
      return result;
    }),
  ),
);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);

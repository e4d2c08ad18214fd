// npm test's two phases on real servers — the integration specs (the tests' own stack) and the
// end-to-end specs (the stack the e2e files share) — side by side. Each runs its files one at a time
// on a stack of its own, and both spend most of their time waiting on servers and consumers, so
// together they take little more than the longer of the two instead of the sum (about four minutes
// of a 15-minute run). The integration phase's output streams as it comes; the e2e phase's is
// printed whole when it ends, so the two never interleave. The exit code is the first failure's.
import { runCommand } from './run-command.mjs';

const jest = (project) => ['jest', '--selectProjects', project, '--runInBand'];

const [integration, e2e] = await Promise.all([
  runCommand('npx', jest('integration'), { stream: true }),
  runCommand('npx', jest('e2e')).then((result) => {
    process.stdout.write(`\n[e2e] the end-to-end phase ran beside the integration phase:\n${result.output}`);
    process.stdout.write(`[e2e] ${result.code === 0 ? 'passed' : `failed (exit ${result.code})`}\n`);
    return result;
  }),
]);
process.stdout.write(
  `[integration] ${integration.code === 0 ? 'passed' : `failed (exit ${integration.code})`}\n`,
);
process.exit([integration, e2e].find((r) => r.code !== 0)?.code ?? 0);

// npm test's static checks — lint, type-check, format — run side by side: each is mostly one core's
// work, and the machine has two, so together they take the time of the longest, not of the three.
// Each one's output is printed whole when it ends; the exit code is the first failure's.
import { runCommand } from './run-command.mjs';

const checks = ['lint', 'typecheck', 'format:check'];

const results = await Promise.all(
  checks.map(async (script) => {
    const { code, output } = await runCommand('npm', ['run', '-s', script]);
    const name = script === 'format:check' ? 'format' : script;
    process.stdout.write(output);
    process.stdout.write(`[${name}] ${code === 0 ? 'passed' : `failed (exit ${code})`}\n`);
    return code;
  }),
);
process.exit(results.find((code) => code !== 0) ?? 0);

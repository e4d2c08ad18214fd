// npm test's static checks — lint, type-check, format — run side by side: each is mostly one core's
// work, and the machine has two, so together they take the time of the longest, not of the three.
// Each one's output is printed whole when it ends; the exit code is the first failure's.
import { spawn } from 'node:child_process';

const checks = [
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['format', 'npm', ['run', '-s', 'format:check']],
];

const results = await Promise.all(
  checks.map(
    ([name, command, args]) =>
      new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => {
          process.stdout.write(output);
          process.stdout.write(`[${name}] ${code === 0 ? 'passed' : `failed (exit ${code})`}\n`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.find((code) => code !== 0) ?? 0);

// Runs a command for npm test's runners (checks.mjs, run-all.mjs): its output streamed as it
// comes, or kept whole and handed back, so commands run side by side never interleave their lines.
import { spawn } from 'node:child_process';

/**
 * Resolves with the exit code and, unless streamed, the whole output (stdout and stderr); env adds
 * to the environment; onLine sees each whole line as it comes (for a progress line of a kept output).
 */
export function runCommand(command, args, { stream = false, env = {}, onLine } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const partial = { stdout: '', stderr: '' };
    const take = (name, target) => (chunk) => {
      if (stream) target.write(chunk);
      else output += chunk;
      if (!onLine) return;
      const lines = (partial[name] + chunk).split('\n');
      partial[name] = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.on('data', take('stdout', process.stdout));
    child.stderr.on('data', take('stderr', process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

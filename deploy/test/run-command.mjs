// Runs a command for npm test's runners (checks.mjs, server-phases.mjs): its output streamed as it
// comes, or kept whole and handed back, so commands run side by side never interleave their lines.
import { spawn } from 'node:child_process';

/** Resolves with the exit code and, unless streamed, the whole output (stdout and stderr); env adds to the environment. */
export function runCommand(command, args, { stream = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const take = (target) => (chunk) => (stream ? target.write(chunk) : (output += chunk));
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

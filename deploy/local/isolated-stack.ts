import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** A local stack of a test's own: its own folder and ports, driven through the real command line. */
export interface IsolatedStack {
  readonly localDir: string;
  /** Runs `stack.mjs <args>` for this stack; rejects with the exit code and output on failure. */
  run(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** PostgreSQL's data folder, from the running server's command line (it may live outside localDir). */
  postgresDataDir(): string;
  /** Stops everything it runs and removes its folders. */
  remove(): Promise<void>;
}

/**
 * mkdtemp makes a 0700 folder the postgres user cannot enter, so as root the stack keeps
 * PostgreSQL's data in a folder of its own under /var/tmp; remove() finds and deletes it too.
 */
export function isolatedStack(name: string, portOffset: number): IsolatedStack {
  const localDir = mkdtempSync(path.join(tmpdir(), `pk-${name}-`));
  const env = {
    ...process.env,
    PK_STACK: 'native',
    PK_LOCAL_DIR: localDir,
    PK_PORT_OFFSET: String(portOffset),
  };
  const run = (...args: string[]) =>
    exec(process.execPath, [path.join(ROOT, 'deploy/local/stack.mjs'), ...args], { env, cwd: ROOT });
  const postgresDataDir = () => {
    const pid = readFileSync(path.join(localDir, 'run', 'postgres.pid'), 'utf8');
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[2]!;
  };
  return {
    localDir,
    run,
    postgresDataDir,
    async remove() {
      let dataDir: string | undefined;
      try {
        dataDir = postgresDataDir();
      } catch {
        dataDir = undefined; // not running
      }
      await run('down').catch(() => undefined);
      rmSync(localDir, { recursive: true, force: true });
      if (dataDir && !dataDir.startsWith(localDir))
        rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

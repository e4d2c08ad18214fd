import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['catalog', 'expertise', 'vouchers', 'enrollment', 'diagnostics', 'monitoring'];

// Drives the README's start and stop commands for real, on a second stack of its own (its own
// folder and ports), so it neither disturbs nor depends on a stack a developer already runs.
describe('local stack command line (e2e)', () => {
  const localDir = mkdtempSync(path.join(tmpdir(), 'pk-stack-e2e-'));
  // mkdtemp makes a 0700 folder the postgres user cannot enter: the stack must then keep
  // PostgreSQL's data in a folder of its own elsewhere, which this test finds and removes.
  let postgresDataDir: string | undefined;
  const env = { ...process.env, PK_STACK: 'native', PK_LOCAL_DIR: localDir, PK_PORT_OFFSET: '1000' };
  const stack = (...args: string[]) =>
    exec(process.execPath, [path.join(ROOT, 'deploy/local/stack.mjs'), ...args], { env, cwd: ROOT });

  /** Processes whose command line carries this stack's folders: servers and services alike. */
  const stackProcesses = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((pid) => {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          return (
            cmdline.includes(localDir) || (postgresDataDir !== undefined && cmdline.includes(postgresDataDir))
          );
        } catch {
          return false; // the process ended while we looked
        }
      })
      .map(Number)
      .sort();

  afterAll(async () => {
    await stack('down').catch(() => undefined);
    rmSync(localDir, { recursive: true, force: true });
    if (postgresDataDir) rmSync(path.dirname(postgresDataDir), { recursive: true, force: true });
  });

  it('starts the servers and the six services, each healthy', async () => {
    const { stdout } = await stack('up', '--with-services');
    for (const name of ['postgres', 'kafka', 'ferretdb', ...SERVICES]) {
      expect(stdout).toMatch(new RegExp(`^${name}\\s+started`, 'm'));
    }
    for (const [i, name] of SERVICES.entries()) {
      const response = await fetch(`http://127.0.0.1:${4101 + i}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', service: name });
    }
    const status = await stack('status');
    expect(status.stdout).not.toMatch(/stopped|unhealthy|taken/);

    const postgresPid = readFileSync(path.join(localDir, 'run', 'postgres.pid'), 'utf8');
    postgresDataDir = readFileSync(`/proc/${postgresPid}/cmdline`, 'utf8').split('\0')[2];
    if (process.getuid?.() === 0) expect(postgresDataDir).toMatch(/^\/var\/tmp\/pk-postgres-/);
  });

  it('treats a second up as harmless: nothing restarted, no duplicate process', async () => {
    const before = stackProcesses();
    expect(before).toHaveLength(9); // three servers, six services
    const { stdout } = await stack('up', '--with-services');
    expect(stdout).not.toMatch(/\bstarted\b/);
    expect(stdout.match(/already running/g)).toHaveLength(9);
    expect(stackProcesses()).toEqual(before);
  });

  it('stops everything it started, and a second down is harmless', async () => {
    await stack('down');
    expect(stackProcesses()).toEqual([]);
    const again = await stack('down');
    expect(again.stdout).not.toMatch(/stopped now/);
    await expect(stack('status')).rejects.toMatchObject({ code: 1 });
    await expect(fetch('http://127.0.0.1:4101/health')).rejects.toThrow();
  });
});

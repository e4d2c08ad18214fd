import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { type IsolatedStack, isolatedStack, SERVICES } from './isolated-stack';

const ROOT = path.resolve(__dirname, '../..');
// The stack's own bounds are up to 120 s for the servers, then up to 90 s for the services; on two
// cores shared with the integration lanes a cold start, or a paste's waits, can take most of that.
jest.setTimeout(240_000);

// Drives the README's start and stop commands for real, on a second stack of its own (its own
// folder and ports), so it neither disturbs nor depends on a stack a developer already runs.
describe('local stack command line (e2e)', () => {
  let isolated: IsolatedStack;
  const stack = (...args: string[]) => isolated.run(...args);
  // Its folder is 0700, which the postgres user cannot enter: PostgreSQL's data lives elsewhere.
  let postgresDataDir: string | undefined;

  /** Processes whose command line carries this stack's folders: servers and services alike. */
  const stackProcesses = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((pid) => {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          return (
            cmdline.includes(isolated.localDir) ||
            (postgresDataDir !== undefined && cmdline.includes(postgresDataDir))
          );
        } catch {
          return false; // the process ended while we looked
        }
      })
      .map(Number)
      .sort();

  beforeAll(async () => {
    isolated = await isolatedStack('stack-e2e');
  });
  afterAll(() => isolated.remove());

  it('starts the servers and the six services, each healthy', async () => {
    const { stdout } = await stack('up', '--with-services');
    for (const name of ['postgres', 'kafka', 'ferretdb', ...SERVICES]) {
      expect(stdout).toMatch(new RegExp(`^${name}\\s+started`, 'm'));
    }
    for (const name of SERVICES) {
      const response = await fetch(`${isolated.serviceUrl(name)}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', service: name });
    }
    const status = await stack('status');
    expect(status.stdout).not.toMatch(/stopped|unhealthy|taken/);

    postgresDataDir = isolated.postgresDataDir();
    if (process.getuid?.() === 0) expect(postgresDataDir).toMatch(/^\/var\/tmp\/pk-postgres-/);
  });

  /**
   * The environment a newcomer's shell has for this stack: its folder and ports, and so its token key.
   * Jest's own environment names the tests' stack (AUTH_PRIVATE_KEY_FILE among others): a token
   * signed with that key would be refused here.
   */
  const pasteEnvironment = () => ({
    ...process.env,
    PK_LOCAL_DIR: isolated.localDir,
    PK_PORT_OFFSET: String(isolated.portOffset),
    AUTH_PRIVATE_KEY_FILE: path.join(isolated.localDir, 'keys', 'dev-private.pem'),
  });

  // The README's first walk, exactly as a newcomer pastes it (its ports moved to this stack's), twice:
  // the second paste must work as the first did, with no refusal, no stack trace and no 5xx.
  it("runs README's Try it twice: each paste takes a new program into the register", async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Try it'));
    const block = /```bash\n([\s\S]*?)```/.exec(section)![1]!;
    expect(block.split('\n')[0]).toBe('npm start'); // the stack is up already
    const script = block
      .split('\n')
      .slice(1)
      .join('\n')
      .replace(
        /localhost:(\d{4,5})/g,
        (_all, port: string) => `localhost:${Number(port) + isolated.portOffset}`,
      );
    const paste = () =>
      promisify(execFile)('bash', ['-c', script], {
        cwd: ROOT,
        env: pasteEnvironment(),
        maxBuffer: 16 * 1024 * 1024,
      });
    for (const time of [1, 2]) {
      const { stdout, stderr } = await paste();
      expect({ time, stderr }).toEqual({ time, stderr: '' });
      const answers = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(answers.filter((answer) => 'status' in answer && 'type' in answer)).toEqual([]); // no problem
      const register = answers.find((answer) => 'programs' in answer && 'total' in answer)!;
      expect({ time, total: register['total'] }).toEqual({ time, total: time });
    }
  });

  // services/diagnostics/README.md's "Try it" on the same stack, twice (-e: any failing step fails):
  // every id there is fixed or derived, so the second paste answers as the first.
  it("runs diagnostics' Try it twice: the second paste answers as the first", async () => {
    const readme = readFileSync(path.join(ROOT, 'services/diagnostics/README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Try it'));
    const script = /```bash\n([\s\S]*?)```/
      .exec(section)![1]!
      .replace(
        /localhost:(\d{4,5})/g,
        (_all, port: string) => `localhost:${Number(port) + isolated.portOffset}`,
      );
    const paste = async () =>
      (
        await promisify(execFile)('bash', ['-e', '-c', script], {
          cwd: ROOT,
          env: pasteEnvironment(),
          maxBuffer: 16 * 1024 * 1024,
        })
      ).stdout
        .trim()
        .split('\n');
    const first = await paste();
    const second = await paste();
    for (const answers of [first, second]) {
      expect(answers.filter((line) => line.includes('pk.platform/problems'))).toEqual([]);
    }
    const teacher = (lines: string[]) => lines.find((line) => line.includes('"teacherId"'));
    expect(teacher(first)).toMatch(/^\{"version":1,"teacherId":"[0-9a-f-]{36}"\}$/);
    expect(teacher(second)).toBe(teacher(first));
    // the file's accepted rows: the same two teachers, line by line, the second time unchanged
    const accepted = (lines: string[]) =>
      lines.filter((line) => line.includes('"accepted"')).map((line) => JSON.parse(line).accepted);
    expect(accepted(first)).toEqual([
      [
        { line: 2, id: expect.any(String) },
        { line: 3, id: expect.any(String) },
      ],
    ]);
    expect(accepted(second)).toEqual(accepted(first));
    const report = (lines: string[]) =>
      JSON.parse(lines.find((line) => line.includes('"kind":"teachers"'))!) as Record<string, unknown>;
    expect(report(first)).toMatchObject({ registered: 2, unchanged: 0, rejected: 1 });
    expect(report(second)).toMatchObject({ registered: 0, unchanged: 2, rejected: 1 });
    // the school's overdue list names the teacher registered by hand and the one never trained
    const overdue = (lines: string[]) =>
      JSON.parse(lines.find((line) => line.includes('"teachers":[{'))!) as { teachers: unknown[] };
    expect(overdue(first).teachers).toHaveLength(2);
    expect(overdue(second)).toEqual(overdue(first));
  });

  it('treats a second up as harmless: nothing restarted, no duplicate process', async () => {
    const before = stackProcesses();
    expect(before).toHaveLength(9); // three servers, six services
    const { stdout } = await stack('up', '--with-services');
    expect(stdout).not.toMatch(/\bstarted\b/);
    expect(stdout.match(/already running/g)).toHaveLength(9);
    expect(stackProcesses()).toEqual(before);
  });

  // A restart by hand: the service is killed and the stack asked for it again at once, while it is
  // still closing. Up waits for the stopping process to go (its /health says "stopping") and starts
  // it anew, instead of taking it for running or failing because it exited.
  it('brings back a service killed and asked for again before it has stopped', async () => {
    const pidOf = () => Number(readFileSync(path.join(isolated.localDir, 'run', 'catalog.pid'), 'utf8'));
    const killed = pidOf();
    process.kill(killed, 'SIGTERM');
    const { stdout } = await stack('up', '--with-services');
    expect(stdout).toMatch(/^catalog\s+started/m);
    expect(stdout.match(/already running/g)).toHaveLength(8);
    expect(pidOf()).not.toBe(killed);
    const health = await fetch(`${isolated.serviceUrl('catalog')}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'catalog' });
    expect(stackProcesses()).toHaveLength(9);
  });

  it('stops everything it started, and a second down is harmless', async () => {
    await stack('down');
    expect(stackProcesses()).toEqual([]);
    const again = await stack('down');
    expect(again.stdout).not.toMatch(/stopped now/);
    await expect(stack('status')).rejects.toMatchObject({ code: 1 });
    await expect(fetch(`${isolated.serviceUrl('catalog')}/health`)).rejects.toThrow();
  });

  it('resets to nothing: every place its data lived is gone', async () => {
    await stack('up');
    expect(existsSync(postgresDataDir!)).toBe(true);
    const { stdout } = await stack('reset');
    expect(stdout).toMatch(/removed the stack's data/);
    expect(stackProcesses()).toEqual([]);
    expect(readdirSync(isolated.localDir)).toEqual([]);
    if (!postgresDataDir!.startsWith(isolated.localDir)) {
      expect(stdout).toMatch(/removed PostgreSQL's data/);
      expect(existsSync(path.dirname(postgresDataDir!))).toBe(false);
    }
  });
});

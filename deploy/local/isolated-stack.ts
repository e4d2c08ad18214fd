import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BOUNDED_CONTEXTS, type BoundedContext } from '@pk/contracts';
import BASE_PORTS from './ports.json';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
/** The six services: one a bounded context, named as it is. */
export const SERVICES = BOUNDED_CONTEXTS;
export type ServiceName = BoundedContext;

/** A local stack of a test's own: its own folder and free ports, driven through the real command line. */
export interface IsolatedStack {
  readonly localDir: string;
  readonly portOffset: number;
  /** http://127.0.0.1:<port> of a service of this stack. */
  serviceUrl(name: ServiceName): string;
  readonly endpoints: {
    readonly kafkaBrokers: string[];
    readonly databaseUrl: string;
    readonly mongodbUrl: string;
  };
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
 * The port offset is PK_PORT_OFFSET's when one is set and every port of it is free (on a machine
 * shared by several people each keeps to the offset they were given, and a random draw could land
 * on ports another's stack has not bound yet); otherwise it is drawn at random until every port of
 * the stack is free, so a test stack never collides with one a developer runs (or another test's);
 * all its ports stay below the ephemeral range.
 */
export async function isolatedStack(name: string): Promise<IsolatedStack> {
  const portOffset = (await givenPortOffset()) ?? (await freePortOffset());
  const localDir = mkdtempSync(path.join(tmpdir(), `pk-${name}-`));
  return stackAt(localDir, portOffset);
}

/** The stack of a folder and offset: what `isolatedStack` made, found again by another test file. */
export function stackAt(localDir: string, portOffset: number): IsolatedStack {
  const env = {
    ...process.env,
    PK_STACK: 'native',
    PK_LOCAL_DIR: localDir,
    PK_PORT_OFFSET: String(portOffset),
  };
  const port = (base: number) => base + portOffset;
  const run = (...args: string[]) =>
    exec(process.execPath, [path.join(ROOT, 'deploy/local/stack.mjs'), ...args], { env, cwd: ROOT });
  const postgresDataDir = () => {
    const pid = readFileSync(path.join(localDir, 'run', 'postgres.pid'), 'utf8');
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[2]!;
  };
  return {
    localDir,
    portOffset,
    serviceUrl: (service) => `http://127.0.0.1:${port(BASE_PORTS.firstService + SERVICES.indexOf(service))}`,
    endpoints: {
      kafkaBrokers: [`127.0.0.1:${port(BASE_PORTS.kafka)}`],
      databaseUrl: `postgres://pk:pk@127.0.0.1:${port(BASE_PORTS.postgres)}/pk`,
      mongodbUrl: `mongodb://127.0.0.1:${port(BASE_PORTS.ferretdb)}/pk`,
    },
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

/**
 * The budget of a beforeAll that asks for the shared stack. The first file to ask starts it whole
 * (Kafka, PostgreSQL, FerretDB and six services); in npm test that happens beside three integration
 * lanes on two cores, where it took more than jest's 120 s in CI.
 */
export const SHARED_STACK_START_MS = 360_000;

/**
 * The e2e files that only add data of their own (each in regions no other file uses) share one
 * stack with its services running: starting one costs about 40 s of the two cores, so each file
 * starting its own was most of the suite's e2e time. The first file to ask starts it and leaves
 * its address in the file the e2e global setup names; the later ones find it there; the global
 * teardown removes it. Test files run one at a time (`--runInBand`), so no two start it at once.
 * A file that kills a server brings it back within its test (reliability); one that breaks the stack
 * itself (its own command line) keeps a stack of its own.
 */
export async function sharedStack(): Promise<IsolatedStack> {
  const descriptor = process.env[SHARED_STACK_FILE];
  if (!descriptor)
    throw new Error(`${SHARED_STACK_FILE} is not set: run e2e specs through jest's e2e project`);
  if (existsSync(descriptor)) {
    const { localDir, portOffset } = JSON.parse(readFileSync(descriptor, 'utf8')) as SharedStackAddress;
    const found = stackAt(localDir, portOffset);
    // a service an earlier file stopped on purpose is started again; running ones are left as they are
    await found.run('up', '--with-services');
    return { ...found, remove: async () => undefined };
  }
  const started = await isolatedStack('e2e-shared');
  writeFileSync(descriptor, JSON.stringify({ localDir: started.localDir, portOffset: started.portOffset }));
  await started.run('up', '--with-services');
  return { ...started, remove: async () => undefined };
}

/** The environment variable naming the shared stack's address file (set by the e2e global setup). */
export const SHARED_STACK_FILE = 'PK_E2E_SHARED_STACK_FILE';

export interface SharedStackAddress {
  readonly localDir: string;
  readonly portOffset: number;
}

/** Every port the stack would use at this offset. */
function portsAt(offset: number): number[] {
  return [
    BASE_PORTS.kafka,
    BASE_PORTS.kafkaController,
    BASE_PORTS.postgres,
    BASE_PORTS.ferretdb,
    ...SERVICES.map((_, i) => BASE_PORTS.firstService + i),
  ].map((base) => base + offset);
}

const EPHEMERAL_PORTS_FROM = 32_768;

/**
 * PK_PORT_OFFSET when it is set and all its ports are free; undefined otherwise. Taken, it is most
 * likely the stack of the integration tests at that offset (`npm test` runs them beside the e2e
 * lane), so the stack draws an offset of its own instead of failing.
 */
async function givenPortOffset(): Promise<number | undefined> {
  const text = process.env.PK_PORT_OFFSET;
  if (text === undefined || !/^[0-9]+$/.test(text)) return undefined;
  const offset = Number(text);
  if (Math.max(...portsAt(offset)) >= EPHEMERAL_PORTS_FROM) return undefined;
  const free = await Promise.all(portsAt(offset).map(isFree));
  return free.every(Boolean) ? offset : undefined;
}

async function freePortOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Every port below 32768, where Linux hands out the ephemeral ports of outgoing connections:
    // a port free when drawn could otherwise be taken by some client's socket before the server
    // binds it (Kafka once failed to start on 37996 that way).
    const offset = 1000 + Math.floor(Math.random() * (EPHEMERAL_PORTS_FROM - 1000 - Math.max(...portsAt(0))));
    const free = await Promise.all(portsAt(offset).map(isFree));
    if (free.every(Boolean)) return offset;
  }
  throw new Error('no port offset with every port of a stack free after 50 draws');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

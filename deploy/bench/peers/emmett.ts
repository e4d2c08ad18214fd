// The Emmett PostgreSQL event store (@event-driven-io/emmett-postgresql), measured for the platform
// benchmark in a process of its own: creating an Emmett store changes the pg driver's type parsers
// for the whole process (int8 and big JSON numbers become BigInt), which would skew our own store.
// usage: node -r @swc-node/register peers/emmett.ts <append|catch-up> <json options>; prints one JSON line.
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import { Pool } from 'pg';

interface Options {
  readonly databaseUrl: string;
  readonly writers: number;
  readonly eventsPerAppend: number;
  readonly events: number;
}

const data = () => ({
  providerId: randomUUID(),
  region: '63',
  name: 'ГБУ ДПО «Региональный социопсихологический центр» (РСПЦ)',
  inn: '6319034817',
  ownership: 'state',
});

async function withFreshDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `emmett_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let result: T;
  try {
    result = await work(url.toString());
  } finally {
    // Emmett may keep a pooled connection of its own open after close(); the forced drop ends it,
    // and its pool then reports the ended connection as an error nobody listens to. The figure is
    // taken by then, so that one error is expected here and nothing else is swallowed.
    process.on('uncaughtException', (error: Error & { code?: string }) => {
      if (error.code === '57P01') return;
      console.error(error);
      process.exit(1);
    });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  return result;
}

/** Appends to new streams ("must not exist": expected version 0n), the command path's shape. */
async function append(url: string, options: Options, prefix = 'provider'): Promise<number> {
  const pool = new Pool({ connectionString: url, max: Math.max(options.writers, 2) });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const appends = Math.floor(options.events / options.eventsPerAppend);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.writers }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const events = Array.from({ length: options.eventsPerAppend }, () => ({
          type: 'catalog.ProviderRegistered',
          data: data(),
          metadata: { correlationId: randomUUID() },
        }));
        await store.appendToStream(`${prefix}-${i}`, events, { expectedStreamVersion: 0n });
      }
    }),
  );
  const perSecond = (appends * options.eventsPerAppend) / ((performance.now() - started) / 1000);
  await store.close();
  await pool.end();
  return perSecond;
}

/** Writes the log, then reads it all with Emmett's own reader (readMessagesBatch, batches of 1000). */
async function catchUp(url: string, options: Options): Promise<number> {
  await append(url, { ...options, writers: 8, eventsPerAppend: 10 }, 'log');
  const executor = dumbo({ connectionString: url });
  let after = 0n;
  let read = 0;
  const started = performance.now();
  for (;;) {
    const batch = await readMessagesBatch(executor.execute, { after, batchSize: 1000 });
    read += batch.messages.length;
    after = batch.currentGlobalPosition;
    if (!batch.areMessagesLeft || batch.messages.length === 0) break;
  }
  const perSecond = read / ((performance.now() - started) / 1000);
  await executor.close();
  return perSecond;
}

async function main(): Promise<void> {
  const [what, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? '{}') as Options;
  const perSecond = await withFreshDatabase(options.databaseUrl, (url) =>
    what === 'catch-up' ? catchUp(url, options) : append(url, options),
  );
  process.stdout.write(`${JSON.stringify({ perSecond })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

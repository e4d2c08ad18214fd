// The platform's throughput and latency on this machine, every figure beside a peer measured in the
// same run on the same servers: the Emmett PostgreSQL event store, raw pg, raw kafkajs, a raw driver
// insertMany. A warm-up round, then BENCH_ROUNDS rounds (default 5), ours and the peer back to back in
// each, so a noisy machine shifts both alike; the figures are medians, the ratio the median of the
// rounds' ratios. It asserts nothing: it prints a table and writes it as JSON.
// Run: npm run bench   (starts the servers if needed; BENCH_SCALE=0.2 for a quick look)
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ContractViolation,
  type EventEnvelope,
  kafkaHeaders,
  publicTopic,
  readPublishedEvent,
} from '@pk/contracts';
import { PostgresEventStore, PostgresRelayCheckpoints } from '@pk/event-store';
import { CommandHandler, EventRelay, type MessageBus, type NewEvent, toMessage } from '@pk/kernel';
import { KafkaMessageBus, muteKafkaJsTimeoutWarning } from '@pk/messaging';
import { defineProjection, ProjectionRunner } from '@pk/projections';
import { contractSchemas } from '@pk/service-runtime';
import { providerRegistered, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import mongoose, { type Connection, Schema } from 'mongoose';
import { Pool } from 'pg';
import { overdueReport, type QueryFigures, registerSearch } from './read-queries';
import { percentile } from './percentile';

const ROOT = path.resolve(__dirname, '../..');
const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const scaled = (n: number) => Math.max(100, Math.round(n * SCALE));
const LONG = { timeoutMs: 900_000, pollMs: 20 };
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
const operator = { id: 'bench', role: 'platform-operator' };

interface Row {
  readonly figure: string;
  readonly unit: string;
  readonly ours: number;
  readonly peer: string;
  readonly peerValue: number;
  /** ours ÷ peer (for latencies, peer ÷ ours would not mean anything: the peer column is the target) */
  readonly ratio: number | null;
  readonly target: string;
  readonly rounds: { ours: number[]; peer: number[] };
}

const rows: Row[] = [];
/** BENCH_VERBOSE=1 says what each section is doing, on stderr. */
const step = (what: string) => {
  if (process.env['BENCH_VERBOSE']) console.error(`  … ${what} (${new Date().toISOString().slice(11, 19)})`);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const freshSchema = () => uniqueName('bench').replace(/-/g, '_');

/** Runs ours and the peer ROUNDS times, alternating, and records the medians. */
async function compare(
  figure: string,
  target: string,
  peer: string,
  ours: () => Promise<number>,
  theirs: () => Promise<number>,
): Promise<void> {
  const o: number[] = [];
  const p: number[] = [];
  // one round of each first, not counted: connections, prepared statements and the JIT warm up
  await ours();
  await theirs();
  for (let round = 0; round < ROUNDS; round++) {
    o.push(await ours());
    p.push(await theirs());
  }
  const row: Row = {
    figure,
    unit: 'events/s',
    ours: median(o),
    peer,
    peerValue: median(p),
    // the median of each round's ratio: ours and the peer ran back to back, under the same noise
    ratio: Math.round(median(o.map((value, round) => value / p[round]!)) * 100) / 100,
    target,
    rounds: { ours: o.map(Math.round), peer: p.map(Math.round) },
  };
  rows.push(row);
  console.log(
    `${figure.padEnd(60)} ${fmt(row.ours).padStart(9)}  vs ${peer.padEnd(42)} ${fmt(row.peerValue).padStart(9)}  = ${row.ratio}`,
  );
}

// ------------------------------------------------------------------------------------------------
// appends

function emmett(what: 'append' | 'catch-up', options: Record<string, unknown>): number {
  const out = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'peers', 'emmett.ts'), what, JSON.stringify(options)],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') },
      encoding: 'utf8',
    },
  );
  return (JSON.parse(out.trim().split('\n').pop()!) as { perSecond: number }).perSecond;
}

/** Appends to new streams, as the command path does for a new aggregate. */
async function ourAppends(
  pool: Pool,
  writers: number,
  eventsPerAppend: number,
  events: number,
): Promise<number> {
  const store = new PostgresEventStore({ pool, schema: freshSchema(), source: 'pk/catalog' });
  await store.migrate();
  const appends = Math.floor(events / eventsPerAppend);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < appends; i = next++) {
        await store.append(
          `provider-${i}`,
          Array.from({ length: eventsPerAppend }, () => providerRegistered()),
          'no-stream',
        );
      }
    }),
  );
  return (appends * eventsPerAppend) / ((performance.now() - started) / 1000);
}

/** The same rows with a plain prepared INSERT (multi-row for several events) into the same table. */
async function rawInserts(
  pool: Pool,
  writers: number,
  eventsPerAppend: number,
  events: number,
  returning = false,
): Promise<number> {
  const schema = freshSchema();
  await new PostgresEventStore({ pool, schema, source: 'pk/catalog' }).migrate(); // the same table and indexes
  const appends = Math.floor(events / eventsPerAppend);
  const tuples = Array.from({ length: eventsPerAppend }, (_, k) => {
    const p = (i: number) => `$${k * 9 + i}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)})`;
  });
  const text = `insert into ${schema}.events (stream_id, stream_position, event_id, type, schema_version, data, actor,
      correlation_id, causation_id) values ${tuples.join(', ')}
      ${returning ? 'returning global_position, tx_id::text as tx_id, stream_position, recorded_at' : ''}`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const values = Array.from({ length: eventsPerAppend }, (_, k): unknown[] => {
          const e: NewEvent = providerRegistered();
          return [
            `provider-${i}`,
            k,
            e.id,
            e.type,
            e.schemaVersion,
            JSON.stringify(e.data),
            JSON.stringify(e.actor),
            e.correlationId,
            e.causationId,
          ];
        }).flat();
        await pool.query({ name: `raw-${schema}`, text, values });
      }
    }),
  );
  return (appends * eventsPerAppend) / ((performance.now() - started) / 1000);
}

async function appends(pool: Pool, databaseUrl: string): Promise<void> {
  for (const [writers, eventsPerAppend, events] of [
    [1, 1, scaled(5_000)],
    [8, 1, scaled(10_000)],
    [8, 10, scaled(40_000)],
  ] as const) {
    const shape = `append, ${writers} writer${writers > 1 ? 's' : ''}, ${eventsPerAppend} event${eventsPerAppend > 1 ? 's' : ''}`;
    const raw = eventsPerAppend === 1 ? 'raw single-row INSERT' : 'raw multi-row INSERT';
    await compare(
      shape,
      '≥ 0.85 of raw',
      raw,
      () => ourAppends(pool, writers, eventsPerAppend, events),
      () => rawInserts(pool, writers, eventsPerAppend, events),
    );
    // The same INSERT returning what an append must report (positions, transaction, time): shows
    // how much of the gap to the plain INSERT is the RETURNING itself.
    await compare(
      shape,
      '—',
      `${raw} RETURNING positions`,
      () => ourAppends(pool, writers, eventsPerAppend, events),
      () => rawInserts(pool, writers, eventsPerAppend, events, true),
    );
    await compare(
      shape,
      '—',
      'Emmett PostgreSQL 0.42.0',
      () => ourAppends(pool, writers, eventsPerAppend, events),
      async () => emmett('append', { databaseUrl, writers, eventsPerAppend, events }),
    );
  }
}

// ------------------------------------------------------------------------------------------------
// reading the global log

async function filledStore(
  pool: Pool,
  events: number,
): Promise<{ store: PostgresEventStore; schema: string }> {
  const schema = freshSchema();
  const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
  await store.migrate();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < events / 10; i = next++) {
        await store.append(
          `provider-${i}`,
          Array.from({ length: 10 }, () => providerRegistered()),
          'no-stream',
        );
      }
    }),
  );
  return { store, schema };
}

async function catchUp(pool: Pool, databaseUrl: string): Promise<void> {
  const events = scaled(100_000);
  const { store, schema } = await filledStore(pool, events);
  const ours = async () => {
    let checkpoint: string | null = null;
    let read = 0;
    const started = performance.now();
    for (;;) {
      const batch = await store.readAll(checkpoint, 1000);
      if (batch.length === 0) break;
      read += batch.length;
      checkpoint = batch[batch.length - 1]!.globalPosition;
    }
    return read / ((performance.now() - started) / 1000);
  };
  const raw = async () => {
    let tx = '0';
    let position = '0';
    let read = 0;
    const started = performance.now();
    for (;;) {
      // tx_id as stored: with `tx_id::text as tx_id` the ORDER BY would sort by that text alias
      // instead of walking the index, every batch sorting the rest of the log (measured 6× slower).
      const { rows: batch } = await pool.query<{ tx_id: string; global_position: string }>({
        text: `select global_position, tx_id, stream_id, stream_position, event_id, type, schema_version, data,
                 actor, correlation_id, causation_id, recorded_at from ${schema}.events
               where (tx_id, global_position) > ($1::xid8, $2::bigint) and tx_id < pg_snapshot_xmin(pg_current_snapshot())
               order by tx_id, global_position limit 1000`,
        values: [tx, position],
      });
      if (batch.length === 0) break;
      read += batch.length;
      ({ tx_id: tx, global_position: position } = batch[batch.length - 1]!);
    }
    return read / ((performance.now() - started) / 1000);
  };
  await compare(
    `global-log catch-up, ${fmt(events)} events`,
    '≥ 0.85 of raw',
    'raw keyset SELECT',
    ours,
    raw,
  );
  await compare(
    `global-log catch-up, ${fmt(events)} events`,
    '—',
    'Emmett readMessagesBatch',
    ours,
    async () => emmett('catch-up', { databaseUrl, events }),
  );
}

// ------------------------------------------------------------------------------------------------
// relay

async function relay(pool: Pool, bus: KafkaMessageBus, kafkaBrokers: string[]): Promise<void> {
  const events = scaled(30_000);
  const { store, schema } = await filledStore(pool, events);
  const published = (await store.readAll(null, events)).map(readPublishedEvent);
  const ours = async () => {
    const topic = uniqueName(publicTopic('catalog'));
    await bus.ensureTopics([{ topic, partitions: 6 }]);
    const relayed = new EventRelay({
      name: uniqueName('bench'),
      store,
      bus,
      topic,
      checkpoints: new PostgresRelayCheckpoints(pool, schema),
      toPublic: (stored) => [readPublishedEvent(stored)],
      log: silent,
    });
    // timed from when it leads (topic created, lease taken), as the peer's from a connected producer
    await relayed.start();
    const started = performance.now();
    await until(() => relayed.progress.relayed >= events, 'the relay', { ...LONG, pollMs: 2 });
    const perSecond = events / ((performance.now() - started) / 1000);
    await relayed.stop();
    return perSecond;
  };
  const raw = async () => {
    const topic = uniqueName(publicTopic('catalog'));
    await bus.ensureTopics([{ topic, partitions: 6 }]);
    const producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const started = performance.now();
    for (let i = 0; i < published.length; i += 1000) {
      await producer.send({
        topic,
        acks: -1,
        messages: published.slice(i, i + 1000).map((e) => ({
          key: e.subject,
          value: JSON.stringify(e),
          headers: kafkaHeaders(e),
        })),
      });
    }
    const perSecond = events / ((performance.now() - started) / 1000);
    await producer.disconnect();
    return perSecond;
  };
  await compare(
    `relay PostgreSQL → Kafka, ${fmt(events)} events`,
    '≥ 0.8 of raw',
    'raw kafkajs, batches of 1 000',
    ours,
    raw,
  );
}

// ------------------------------------------------------------------------------------------------
// projections

const providers = new Schema(
  { _id: String, region: String, name: String, ownership: String },
  { versionKey: false },
);
const providerProjection = (topic: string) =>
  defineProjection<EventEnvelope>()({
    name: uniqueName('providers'),
    topics: [topic],
    eventTypes: ['catalog.ProviderRegistered'],
    collections: { providers },
    project: (event) => {
      const data = event.data as { providerId: string; region: string; name: string; ownership: string };
      return [
        {
          collection: 'providers',
          id: data.providerId,
          position: event.streamPosition,
          set: { region: data.region, name: data.name, ownership: data.ownership },
        },
      ];
    },
  });

const publishedEvents = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const e = providerRegistered(i % 2 ? '63' : '24');
    const data = e.data as { providerId: string };
    return {
      ...e,
      source: 'pk/catalog',
      subject: `provider-${data.providerId}`,
      streamPosition: 0,
      globalPosition: `1/${i + 1}`,
      time: new Date().toISOString(),
    } satisfies EventEnvelope;
  });

async function readStore(mongodbUrl: string): Promise<Connection> {
  return mongoose.createConnection(mongodbUrl.replace(/\/pk$/, `/${freshSchema()}`)).asPromise();
}

/**
 * A projection rebuilt from zero. With one event per document it is all inserts; with several, the
 * events of a document come in separate rounds (as a program's submission, review and approval do),
 * so most batches update documents an earlier batch wrote: the guarded updates a register's rebuild
 * is made of, and the shape that wedged FerretDB's connection pool before updates were bounded.
 */
async function rebuild(bus: KafkaMessageBus, mongodbUrl: string, eventsPerDocument = 1): Promise<void> {
  const events = scaled(20_000);
  const documents = Math.round(events / eventsPerDocument);
  const topic = uniqueName(publicTopic('catalog'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const firsts = publishedEvents(documents);
  const envelopes = Array.from({ length: eventsPerDocument }, (_, position) =>
    firsts.map((e) => ({ ...e, streamPosition: position })),
  ).flat();
  for (let i = 0; i < envelopes.length; i += 1000)
    await bus.publish(topic, envelopes.slice(i, i + 1000).map(toMessage));
  const ours = async () => {
    const connection = await readStore(mongodbUrl);
    const runner = new ProjectionRunner({
      service: 'bench',
      connection,
      bus,
      projection: providerProjection(topic),
      readEvent: readPublishedEvent,
      isPermanent: (error) => error instanceof ContractViolation,
    });
    await runner.start(); // the live generation catches up first, as in a running service
    await until(async () => (await runner.lag()) === 0, 'the live generation', LONG);
    const started = performance.now();
    await runner.rebuild(operator);
    // timed to the swap: the moment readers see the rebuilt generation, not when its last write returned
    await until(() => runner.progress()?.state === 'swapped', 'the rebuild', { ...LONG, pollMs: 5 });
    const swapped = performance.now();
    const count = await runner.model('providers').countDocuments({ _position: eventsPerDocument - 1 });
    if (count !== documents) throw new Error(`the rebuild holds ${count} final documents, not ${documents}`);
    await runner.stop();
    await connection.dropDatabase();
    await connection.close();
    return events / ((swapped - started) / 1000);
  };
  const raw = async () => {
    const connection = await readStore(mongodbUrl);
    const final = firsts.map((e) => {
      const d = e.data as { providerId: string; region: string; name: string; ownership: string };
      const _position = eventsPerDocument - 1;
      return { _id: d.providerId, region: d.region, name: d.name, ownership: d.ownership, _position };
    });
    const collection = connection.db!.collection<{ _id: string }>('providers');
    const started = performance.now();
    for (let i = 0; i < final.length; i += 1000) {
      await collection.insertMany(final.slice(i, i + 1000), { ordered: false });
    }
    const perSecond = events / ((performance.now() - started) / 1000);
    await connection.dropDatabase();
    await connection.close();
    return perSecond;
  };
  await compare(
    eventsPerDocument === 1
      ? `projection rebuild into FerretDB, ${fmt(events)} events`
      : `rebuild, ${fmt(events)} events on ${fmt(documents)} documents (updates)`,
    eventsPerDocument === 1 ? '≥ 0.5 of raw' : 'finishes',
    'raw driver insertMany of the final documents',
    ours,
    raw,
  );
}

// ------------------------------------------------------------------------------------------------
// read-model queries: what one costs at 50 000 documents beside the same at 1 000

/** Median milliseconds of one query shape against a collection of `documents` providers. */
async function queryCosts(mongodbUrl: string, documents: number): Promise<Record<string, number>> {
  const connection = await readStore(mongodbUrl);
  const collection = connection.db!.collection<Record<string, unknown> & { _id: string }>('providers');
  await collection.createIndex({ region: 1 });
  // 1 % of providers in region 63: what one municipality's query matches
  const ids: string[] = [];
  for (let i = 0; i < documents; i += 1000) {
    const slice = Array.from({ length: Math.min(1000, documents - i) }, (_, k) => {
      const id = randomUUID();
      ids.push(id);
      return {
        _id: id,
        region: (i + k) % 100 === 0 ? '63' : '24',
        name: `Организация ${i + k}`,
        _position: 0,
      };
    });
    await collection.insertMany(slice, { ordered: false });
  }
  const samples = 30;
  const time = async (query: (i: number) => Promise<unknown>) => {
    const spent: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await query(i);
      spent.push(performance.now() - started);
    }
    return median(spent);
  };
  const id = (i: number) => ids[(i * 7919) % ids.length]!;
  const costs = {
    'point read by _id': await time((i) => collection.findOne({ _id: id(i) })),
    'guarded update by _id': await time((i) =>
      collection.updateOne(
        { _id: id(i), _position: { $lt: i + 1 } },
        { $set: { name: `n${i}`, _position: i + 1 } },
      ),
    ),
    'count by indexed field, 1 % match': await time(() => collection.countDocuments({ region: '63' })),
  };
  await connection.dropDatabase();
  await connection.close();
  return costs;
}

async function queries(mongodbUrl: string): Promise<void> {
  const small = await queryCosts(mongodbUrl, 1_000);
  const large = await queryCosts(mongodbUrl, scaled(50_000));
  for (const shape of Object.keys(small)) {
    const row: Row = {
      figure: `FerretDB ${shape}, ${fmt(scaled(50_000))} documents`,
      unit: 'ms',
      ours: Math.round(large[shape]! * 10) / 10,
      peer: 'the same at 1 000 documents',
      peerValue: Math.round(small[shape]! * 10) / 10,
      ratio: Math.round((large[shape]! / small[shape]!) * 100) / 100,
      target: 'grows little with the collection',
      rounds: { ours: [large[shape]!], peer: [small[shape]!] },
    };
    rows.push(row);
    console.log(
      `${row.figure.padEnd(60)} ${row.ours.toFixed(1).padStart(9)} ms vs ${row.peer.padEnd(42)} ${row.peerValue.toFixed(1).padStart(9)} ms = ${row.ratio}×`,
    );
  }
}

// ------------------------------------------------------------------------------------------------
// the domain's queries at a region's scale, beside the same query at 1 000 documents, same run

/** Prints p50 and p99 over every shape at both sizes, their growth, and each shape's medians. */
function queryRows(
  what: string,
  large: number,
  small: QueryFigures,
  big: QueryFigures,
  target: string,
): void {
  for (const [label, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    const ours = percentile(big.samples, p);
    const peer = percentile(small.samples, p);
    const row: Row = {
      figure: `${what}, ${fmt(large)}: ${label}`,
      unit: 'ms',
      ours: Math.round(ours * 10) / 10,
      peer: 'the same at 1 000',
      peerValue: Math.round(peer * 10) / 10,
      ratio: Math.round((ours / peer) * 100) / 100,
      target: label === 'p99' ? target : 'growth ≤ 2×',
      rounds: { ours: big.samples.map(Math.round), peer: small.samples.map(Math.round) },
    };
    rows.push(row);
    console.log(
      `${row.figure.padEnd(60)} ${row.ours.toFixed(1).padStart(9)} ms vs ${row.peer.padEnd(42)} ${row.peerValue.toFixed(1).padStart(9)} ms = ${row.ratio}×`,
    );
  }
  const shapes = Object.keys(big.shapes)
    .map((shape) => `${shape} ${fmt(big.shapes[shape]!)}/${fmt(small.shapes[shape]!)}`)
    .join('; ');
  console.log(`${''.padEnd(4)}medians ms, ${fmt(large)}/1 000: ${shapes}`);
}

function readQueries(which: string[]): void {
  const samples = Math.max(3, Math.round(10 * Math.min(1, SCALE * 2)));
  if (which.includes('register')) {
    const programs = scaled(20_000);
    step('register search at 1 000 programs');
    const small = registerSearch(1_000, samples);
    step(`register search at ${programs} programs`);
    const big = registerSearch(programs, samples);
    queryRows('register search (9 shapes)', programs, small, big, '≤ 150 ms, growth ≤ 2×');
  }
  if (which.includes('overdue')) {
    const teachers = scaled(45_651);
    step('overdue report at 1 000 teachers');
    const small = overdueReport(1_000, 3);
    step(`overdue report at ${teachers} teachers`);
    const big = overdueReport(teachers, 3);
    queryRows('overdue report (region, municipality, school, list)', teachers, small, big, 'region ≤ 200 ms');
  }
}

// ------------------------------------------------------------------------------------------------
// command → read model latency at a fixed offered rate

async function latency(
  pool: Pool,
  bus: KafkaMessageBus,
  mongodbUrl: string,
  documents: number,
  /** 'new': each command registers a provider; 'updates': after the first second, each changes one registered a second before. */
  commandsDo: 'new' | 'updates' = 'new',
): Promise<void> {
  const rate = 200;
  const commands = scaled(rate * 20);
  const schema = freshSchema();
  const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
  await store.migrate();
  const topic = uniqueName(publicTopic('catalog'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  // Where the time goes, per command: stored, acknowledged by Kafka, handed to the projection, written.
  const appended = new Map<string, number>();
  const published = new Map<string, number>();
  const received = new Map<string, number>();
  const visible = new Map<string, number>();
  // a change is known by its provider and its position in the provider's stream
  const providerOf = (value: string | null) => {
    const event = JSON.parse(value ?? '{}') as { data?: { providerId?: string }; streamPosition?: number };
    return event.data?.providerId && `${event.data.providerId}/${event.streamPosition}`;
  };
  const stamp = (seen: Map<string, number>, values: readonly (string | null)[]) => {
    const now = performance.now();
    for (const value of values) {
      const id = providerOf(value);
      if (id && !seen.has(id)) seen.set(id, now);
    }
  };
  const relayed = new EventRelay({
    name: 'catalog',
    store,
    bus: {
      ensureTopics: (t) => bus.ensureTopics(t),
      publish: async (t, m) => {
        await bus.publish(t, m);
        stamp(
          published,
          m.map((x) => x.value),
        );
      },
      subscribe: (spec) => bus.subscribe(spec),
      endOffsets: (t) => bus.endOffsets(t),
      committedOffsets: (g, t) => bus.committedOffsets(g, t),
      close: async () => undefined,
    },
    topic,
    checkpoints: new PostgresRelayCheckpoints(pool, schema),
    toPublic: (stored) => [readPublishedEvent(stored)],
    log: silent,
  });
  // When each provider became visible: the projection's batch that wrote it returned.
  const watched: MessageBus = {
    ensureTopics: (t) => bus.ensureTopics(t),
    publish: (t, m) => bus.publish(t, m),
    endOffsets: (t) => bus.endOffsets(t),
    committedOffsets: (g, t) => bus.committedOffsets(g, t),
    close: async () => undefined,
    subscribe: (spec) =>
      bus.subscribe({
        ...spec,
        handle: async (messages) => {
          stamp(
            received,
            messages.map((m) => m.value),
          );
          await spec.handle(messages);
          stamp(
            visible,
            messages.map((m) => m.value),
          );
        },
      }),
  };
  const connection = await readStore(mongodbUrl);
  const runner = new ProjectionRunner({
    service: 'bench',
    connection,
    bus: watched,
    projection: providerProjection(topic),
    readEvent: readPublishedEvent,
    isPermanent: (error) => error instanceof ContractViolation,
  });
  step('latency: projection starting');
  await runner.start();
  step('latency: filling the read model');
  // the read model already holds this many documents, as a region's would
  const existing = publishedEvents(documents).map((e) => {
    const d = e.data as { providerId: string; region: string; name: string; ownership: string };
    return { _id: d.providerId, region: d.region, name: d.name, ownership: d.ownership, _position: 0 };
  });
  for (let i = 0; i < existing.length; i += 1000) {
    await runner.model('providers').collection.insertMany(existing.slice(i, i + 1000) as never[]);
  }
  await relayed.start();
  step('latency: sending commands');

  const register = new CommandHandler(
    store,
    {
      initialState: null,
      decide: (command: { type: 'Register'; event: NewEvent }) => [
        { type: command.event.type, data: command.event.data },
      ],
      evolve: () => null,
    },
    // written in the contract's current version, as a service writes them (else the relay parks them)
    { schemas: contractSchemas() },
  );
  const context = { actor: { id: 'bench', role: 'ministry-admin' }, correlationId: 'bench' };
  const scheduled = new Map<string, number>();
  const ids: string[] = [];
  const positions = new Map<string, number>();
  const started = performance.now() + 200;
  const sent: Promise<unknown>[] = [];
  // Open loop: each command leaves at its scheduled time whatever happened to the ones before it,
  // and its latency counts from that time, so a stall is not hidden by sending later (coordinated omission).
  // The first second warms up (connections, JIT, the consumer's first fetches) and is not counted.
  const warmUp = rate;
  for (let i = 0; i < warmUp + commands; i++) {
    const at = started + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const earlier = commandsDo === 'updates' && i >= rate ? ids[i - rate]! : undefined;
    const event = providerRegistered('63', earlier);
    const provider = (event.data as { providerId: string }).providerId;
    const position = earlier ? positions.get(earlier)! + 1 : 0;
    ids.push(provider);
    positions.set(provider, position);
    const id = `${provider}/${position}`;
    if (i >= warmUp) scheduled.set(id, at);
    sent.push(
      register
        .handle(`provider-${provider}`, { type: 'Register', event }, context)
        .then(() => appended.set(id, performance.now())),
    );
  }
  await Promise.all(sent);
  step(`latency: ${visible.size} of ${commands} visible`);
  let told = Date.now();
  await until(
    async () => {
      if (Date.now() - told > 2000) {
        told = Date.now();
        step(
          `latency: relayed ${relayed.progress.relayed}, visible ${visible.size}, lag ${await runner.lag()}`,
        );
      }
      return [...scheduled.keys()].every((id) => visible.has(id));
    },
    'every command to be visible',
    LONG,
  );
  const latencies = [...scheduled].map(([id, at]) => visible.get(id)! - at).sort((a, b) => a - b);
  const p = (q: number) => percentile(latencies, q);
  // p50 / p99 of each step on its own, for the profile in docs/benchmarks.md
  const stage = (from: Map<string, number>, to: Map<string, number>) => {
    const spans = [...scheduled.keys()]
      .filter((id) => from.has(id) && to.has(id))
      .map((id) => to.get(id)! - from.get(id)!);
    return `${fmt(percentile(spans, 0.5))}/${fmt(percentile(spans, 0.99))}`;
  };
  const stages =
    `append ${stage(scheduled, appended)}, relay ${stage(appended, published)}, ` +
    `delivery ${stage(published, received)}, write ${stage(received, visible)}`;
  await relayed.stop();
  await runner.stop();
  await connection.dropDatabase();
  await connection.close();
  const row: Row = {
    figure: `command → read model at ${rate}/s, ${fmt(documents)} documents${commandsDo === 'updates' ? ', updates' : ''}, p99`,
    unit: 'ms',
    ours: Math.round(p(0.99)),
    peer: 'target',
    peerValue: 100,
    ratio: null,
    target: '≤ 100 ms',
    rounds: {
      ours: [Math.round(p(0.5)), Math.round(p(0.95)), Math.round(p(0.99)), Math.round(latencies.at(-1)!)],
      peer: [],
    },
  };
  rows.push(row);
  console.log(
    `${row.figure.padEnd(60)} ${fmt(row.ours).padStart(9)} ms (p50 ${fmt(p(0.5))}, p95 ${fmt(p(0.95))}, max ${fmt(latencies.at(-1)!)}; ${fmt(commands)} commands)`,
  );
  console.log(`${''.padEnd(4)}steps p50/p99 ms: ${stages}`);
}

// ------------------------------------------------------------------------------------------------
// the auditor's region-wide voucher replay

/**
 * Vouchers' region-wide replay (services/vouchers/scripts/replay-bench.ts, run as its own process:
 * tooling does not import a service's code): a region's vouchers with their history folded from the
 * event store and compared with the read model, beside the floor of reading the same events with raw
 * pg. Its rounds run inside the script, so this row is one measurement of each side per round.
 */
async function voucherReplay(): Promise<void> {
  const vouchers = scaled(50_000);
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      path.join(ROOT, 'services', 'vouchers', 'scripts', 'replay-bench.ts'),
      JSON.stringify({ vouchers, rounds: ROUNDS }),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(out.trim().split('\n').pop()!) as {
    events: number;
    seconds: number;
    floorSeconds: number;
    rounds: { ours: number[]; peer: number[] };
    plantedReported: boolean;
  };
  if (!result.plantedReported) throw new Error('the voucher replay did not report a planted difference');
  const row: Row = {
    figure: `voucher replay of a region, ${fmt(vouchers)} vouchers (${fmt(result.events)} events)`,
    unit: 'vouchers/s',
    ours: Math.round(vouchers / result.seconds),
    peer: 'raw pg read of the same events',
    peerValue: Math.round(vouchers / result.floorSeconds),
    ratio: Math.round((result.floorSeconds / result.seconds) * 100) / 100,
    target: 'a region in minutes; zero differences, a planted one reported',
    rounds: result.rounds,
  };
  rows.push(row);
  console.log(
    `${row.figure.padEnd(60)} ${fmt(row.ours).padStart(9)}  vs ${row.peer.padEnd(42)} ${fmt(row.peerValue).padStart(9)}  = ${row.ratio}` +
      `  (${result.seconds.toFixed(1)} s a replay)`,
  );
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  muteKafkaJsTimeoutWarning((line) => console.error(line));
  const { databaseUrl, kafkaBrokers, mongodbUrl } = serverEndpoints();
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const only = (
    process.env['BENCH_ONLY'] ?? 'append,catch-up,relay,rebuild,queries,register,overdue,replay,latency'
  ).split(',');
  console.log(
    `platform benchmark: ${os.cpus().length} cores, Node ${process.version}, scale ${SCALE}, median of ${ROUNDS} rounds\n`,
  );
  if (only.includes('append')) await appends(pool, databaseUrl);
  if (only.includes('catch-up')) await catchUp(pool, databaseUrl);
  if (only.includes('relay')) await relay(pool, bus, kafkaBrokers);
  if (only.includes('rebuild')) await rebuild(bus, mongodbUrl);
  if (only.includes('rebuild')) await rebuild(bus, mongodbUrl, 10);
  if (only.includes('queries')) await queries(mongodbUrl);
  if (only.includes('register') || only.includes('overdue')) readQueries(only);
  if (only.includes('replay')) await voucherReplay();
  if (only.includes('latency')) {
    await latency(pool, bus, mongodbUrl, scaled(1_000));
    await latency(pool, bus, mongodbUrl, scaled(50_000));
    await latency(pool, bus, mongodbUrl, scaled(50_000), 'updates');
  }
  const file = path.join(
    ROOT,
    '.local',
    'bench',
    `platform-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        cores: os.cpus().length,
        node: process.version,
        scale: SCALE,
        rounds: ROUNDS,
        rows,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(ROOT, file)}`);
  await bus.close();
  await pool.end();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

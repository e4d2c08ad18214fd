// What a client sees: a command sent over HTTP with a token to the running catalog, until
// monitoring's read model holds its result — the whole path through the services (HTTP, auth,
// validation, the decision, the contract check, the append, the relay, Kafka, the projection, the
// read store), at a fixed offered rate, open loop (each command's clock starts when it was due, not
// when the previous one answered), with the read model already holding 1 000 and then 50 000
// documents. Prints p50/p99 of the HTTP answer, of the event on the topic and of the read model
// holding it, and the CPU each command cost across the stack's processes (from /proc).
//
// A command is "visible" when monitoring's consumer group has committed past its event's offset: the
// projection commits only after it wrote the batch. The documents the read model starts with are
// inserted into its collection directly (the one write behind a service's back here: load, not data).
//
// Run (services up: `npm start`):  npm run bench:client [-- --rates 50,200 --sizes 1000,50000 --seconds 20]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken } from '@pk/auth';
import { directoryId, publicTopic } from '@pk/contracts';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { v5 as uuidV5 } from 'uuid';

const ROOT = path.resolve(__dirname, '../..');
const LOCAL = path.resolve(process.env['PK_LOCAL_DIR'] ?? path.join(ROOT, '.local'));
const OFFSET = Number(process.env['PK_PORT_OFFSET'] ?? 0);
const CATALOG = `http://127.0.0.1:${3101 + OFFSET}`;
const BROKERS = [`127.0.0.1:${19092 + OFFSET}`];
const MONGODB = `mongodb://127.0.0.1:${17017 + OFFSET}/pk`;
// Chukotka: a real subject's code (unknown codes are refused), one no demo or example uses
const REGION = '87';
const PROVIDER_IDS = '3c0e5a4d-2b1f-4e8a-9d67-5f4a3b2c1d0e';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '50,200' },
    sizes: { type: 'string', default: '1000,50000' },
    seconds: { type: 'string', default: '20' },
  },
});
const RATES = values.rates.split(',').map(Number);
const SIZES = values.sizes.split(',').map(Number);
const SECONDS = Number(values.seconds);

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** How often the watcher asks the broker for the group's committed offsets (the figure's resolution). */
const WATCH_EVERY_MS = 5;
const ms = (n: number) => n.toFixed(0).padStart(5);

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The stack's processes by part: services from their pid files, each server with its children. */
function stackProcesses(): Map<string, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended while we looked
    }
  }
  const withChildren = (pid: number): number[] => [pid, ...(children.get(pid) ?? []).flatMap(withChildren)];
  const parts = new Map<string, number[]>();
  for (const file of readdirSync(path.join(LOCAL, 'run'))) {
    if (!file.endsWith('.pid')) continue;
    const pid = Number(readFileSync(path.join(LOCAL, 'run', file), 'utf8').trim());
    parts.set(file.slice(0, -4), withChildren(pid));
  }
  return parts;
}

function cpuByPart(parts: Map<string, number[]>): Map<string, number> {
  return new Map([...parts].map(([part, pids]) => [part, pids.reduce((sum, pid) => sum + cpuOf(pid), 0)]));
}

async function main() {
  const key = readFileSync(
    process.env['AUTH_PRIVATE_KEY_FILE'] ?? path.join(LOCAL, 'keys', 'dev-private.pem'),
    'utf8',
  );
  const authorization = `Bearer ${await issueToken(key, { subject: 'bench', role: 'ministry-admin', region: REGION }, { ttl: '2h' })}`;
  const kafka = new Kafka({ clientId: 'bench-client-path', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const connection = await mongoose.createConnection(MONGODB).asPromise();
  const state = await connection
    .db!.collection('projection_state')
    .findOne({ _id: 'catalog-statistics' as never });
  if (!state)
    throw new Error('monitoring has not started its catalog-statistics read model: run `npm start`');
  const group = String(
    (state as { group?: string }).group ?? `monitoring.catalog-statistics.g${state['active']}`,
  );
  const providers = connection.db!.collection(`catalog-statistics.providers_g${state['active']}`);

  // where each command's event landed: topic offsets by provider id
  const topic = publicTopic('catalog');
  const landed = new Map<string, { partition: number; offset: bigint; at: number }>();
  const consumer = kafka.consumer({ groupId: `bench-client-path-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const providerId = (JSON.parse(message.value?.toString() ?? '{}') as { data?: { providerId?: string } })
        .data?.providerId;
      if (providerId)
        landed.set(providerId, { partition, offset: BigInt(message.offset), at: performance.now() });
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the consumer joins and gets its partitions

  console.log("command → visible in monitoring's read model, through the running services (open loop)");
  console.log(
    'docs    rate/s  sent   HTTP p50/p99 ms   on topic p50/p99   visible p50/p99   CPU ms per command, net of idle (by process)',
  );
  let serial = 0;
  const runStamp = Math.floor(Date.now() / 1000) % 1_000_000;
  for (const size of SIZES) {
    const have = await providers.countDocuments({ region: REGION });
    if (have < size) {
      const docs = Array.from({ length: size - have }, (_, i) => ({
        _id: uuidV5(`seed/${have + i}`, PROVIDER_IDS),
        region: REGION,
        name: `Организатор ${have + i}`,
        ownership: 'state',
        _position: 0,
      }));
      for (let i = 0; i < docs.length; i += 5_000)
        await providers
          .insertMany(docs.slice(i, i + 5_000) as never[], { ordered: false })
          .catch(() => undefined);
    }
    for (const rate of RATES) {
      const count = rate * SECONDS;
      const sent: { id: string; due: number; answered?: number; status?: number }[] = [];
      // the stack's CPU while idle for as long as the run: what the processes burn anyway
      // — with the watcher below polling the group's offsets as it will during the run, so its own
      // requests to the broker (200 a second) are not counted as the commands' cost
      const idleStart = cpuByPart(stackProcesses());
      const idleUntil = performance.now() + Math.min(SECONDS, 10) * 1000;
      while (performance.now() < idleUntil) {
        await admin.fetchOffsets({ groupId: group, topics: [topic] });
        await new Promise((resolve) => setTimeout(resolve, WATCH_EVERY_MS));
      }
      const idle = cpuByPart(stackProcesses());
      const idlePerSecond = new Map(
        [...idle].map(([part, total]) => [
          part,
          (total - (idleStart.get(part) ?? 0)) / Math.min(SECONDS, 10),
        ]),
      );
      const before = cpuByPart(stackProcesses());
      const started = performance.now();
      // visible: the group committed past the event's offset — watched while the commands go out
      const visible = new Map<string, number>();
      let sending = true;
      const watching = (async () => {
        const deadline = () => performance.now() > started + (SECONDS + 60) * 1000;
        while ((sending || visible.size < sent.length) && !deadline()) {
          const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
          const committed = new Map(offsets!.partitions.map((p) => [p.partition, BigInt(p.offset)]));
          const now = performance.now();
          for (const { id } of sent) {
            if (visible.has(id)) continue;
            const event = landed.get(id);
            if (event && (committed.get(event.partition) ?? -1n) > event.offset) visible.set(id, now);
          }
          await new Promise((resolve) => setTimeout(resolve, WATCH_EVERY_MS));
        }
      })();
      const requests: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        // a new provider each command, every run: a 12-digit ИНН of the run's start and a serial, and the
        // id the catalog derives from it (it refuses any other)
        const inn = `7${String(runStamp).padStart(6, '0')}${String(serial++ % 100_000).padStart(5, '0')}`;
        const providerId = directoryId('provider', REGION, inn);
        const entry: (typeof sent)[number] = { id: providerId, due };
        sent.push(entry);
        requests.push(
          fetch(`${CATALOG}/providers`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              providerId,
              region: REGION,
              name: `Организатор ${serial}`,
              inn,
              ownership: 'state',
              kind: 'other',
            }),
          }).then(
            async (response) => {
              await response.arrayBuffer();
              entry.answered = performance.now();
              entry.status = response.status;
            },
            // no answer (the service overloaded past the client's connect timeout): counted as
            // refused, not a crash of the run
            () => {
              entry.status = 0;
            },
          ),
        );
      }
      await Promise.all(requests);
      const runSeconds = (performance.now() - started) / 1000;
      sending = false;
      await watching;
      const after = cpuByPart(stackProcesses());
      const refused = sent.filter((s) => s.status !== 201).length;
      const sorted = (pick: (s: (typeof sent)[number]) => number | undefined) =>
        sent
          .map(pick)
          .filter((n): n is number => n !== undefined)
          .sort((a, b) => a - b);
      const http = sorted((s) => (s.answered ?? 0) - s.due);
      const onTopic = sorted((s) => (landed.get(s.id)?.at ?? NaN) - s.due).filter((n) => !Number.isNaN(n));
      const seen = sorted((s) => (visible.has(s.id) ? visible.get(s.id)! - s.due : undefined));
      // per command, net of what each process burns idle over the same time
      const cpu = [...after].map(
        ([part, total]) =>
          [
            part,
            Math.max(0, total - (before.get(part) ?? 0) - (idlePerSecond.get(part) ?? 0) * runSeconds) /
              sent.length,
          ] as const,
      );
      const totalCpu = cpu.reduce((sum, [, value]) => sum + value, 0);
      console.log(
        `${String(size).padStart(6)}  ${String(rate).padStart(6)}  ${String(sent.length).padStart(5)}   ` +
          `${ms(quantile(http, 0.5))} / ${ms(quantile(http, 0.99))}     ${ms(quantile(onTopic, 0.5))} / ${ms(quantile(onTopic, 0.99))}    ` +
          `${ms(quantile(seen, 0.5))} / ${ms(quantile(seen, 0.99))}     ${totalCpu.toFixed(2)} = ` +
          cpu
            .filter(([, v]) => v >= 0.05)
            .map(([part, v]) => `${part} ${v.toFixed(2)}`)
            .join(', ') +
          (refused ? `  (${refused} answered other than 201)` : '') +
          (seen.length < sent.length ? `  (${sent.length - seen.length} not visible in 60 s)` : ''),
      );
    }
  }
  await consumer.disconnect();
  await admin.disconnect();
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

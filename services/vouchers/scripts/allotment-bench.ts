// What committing one voucher on a municipality's allotment costs as its stream grows, and why a
// bulk issue commits in batches: the same N vouchers held as N single-voucher events (each issue on
// its own) and as N/500 batch events (a bulk issue), then one more issue decided on each — load,
// fold, decide, check, append — median of 7. On a schema of its own on the local stack's PostgreSQL,
// dropped at the end.
//
//   npm run stack:up
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/vouchers/scripts/allotment-bench.ts [vouchers…]
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@pk/event-store';
import { CommandHandler } from '@pk/kernel';
import { contractSchemas } from '@pk/service-runtime';
import { Pool } from 'pg';
import { allotment, type TeacherFacts } from '../src/domain/allotment.decider';
import { blocksOf } from '../src/domain/entitlement';

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1_000, 12_000];
const BATCH = 500;
const RUNS = 7;
const tariff = { variable: 250, internship: 300 };
const region = '63';
const year = 2026;

const teacher = (municipalityId: string): TeacherFacts => ({
  teacherId: randomUUID(),
  region,
  municipalityId,
  organizationId: randomUUID(),
  position: 'teacher',
  organizationKind: 'school',
  subjects: ['mathematics'],
  workProfile: '',
});

const committedVoucher = (t: TeacherFacts) => ({
  voucherId: randomUUID(),
  teacherId: t.teacherId,
  organizationId: t.organizationId,
  position: t.position,
  organizationKind: 'school' as const,
  subjects: ['mathematics' as const],
  workProfile: '',
  category: '72-hours' as const,
  blocks: blocksOf('72-hours'),
  amount: 18_000,
});

async function main() {
  const url = process.env['DATABASE_URL'] ?? 'postgres://pk:pk@127.0.0.1:15432/pk';
  const schema = `allotment_bench_${process.pid}`;
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = new PostgresEventStore({ pool, schema, source: 'pk/vouchers' });
  await store.migrate();
  const handler = new CommandHandler(store, allotment, { schemas: contractSchemas() });
  const actor = { id: 'bench', role: 'ministry-admin' } as const;
  try {
    /** A stream holding `vouchers` commitments in events of `perEvent`, and an allotment that covers them and more. */
    async function streamOf(vouchers: number, perEvent: number) {
      const municipalityId = randomUUID();
      const streamId = allotment.streamId(region, year, municipalityId);
      const money = (vouchers + RUNS) * 18_000;
      const events = [
        {
          type: 'vouchers.AllotmentCredited',
          data: { region, year, municipalityId, amount: money, allotment: money, committed: 0 },
        },
      ];
      for (let from = 0; from < vouchers; from += perEvent) {
        const batch = Array.from({ length: Math.min(perEvent, vouchers - from) }, () =>
          committedVoucher(teacher(municipalityId)),
        );
        events.push({
          type: 'vouchers.VouchersCommitted',
          data: {
            region,
            year,
            municipalityId,
            vouchers: batch,
            costPerHour: tariff,
            amount: batch.length * 18_000,
            committed: (from + batch.length) * 18_000,
            allotment: money,
          },
        } as never);
      }
      for (let from = 0, revision = -1; from < events.length; from += 1_000) {
        const slice = events.slice(from, from + 1_000).map((e) => ({
          id: randomUUID(),
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          actor,
          correlationId: randomUUID(),
          causationId: null,
        }));
        await store.append(streamId, slice, revision < 0 ? 'no-stream' : revision);
        revision += slice.length;
      }
      return { streamId, municipalityId, events: events.length };
    }

    async function oneIssue(streamId: string, municipalityId: string) {
      const t = teacher(municipalityId);
      const startedAt = performance.now();
      await handler.handle(
        streamId,
        {
          type: 'CommitVouchers',
          region,
          year,
          municipalityId,
          tariff,
          vouchers: [{ voucherId: randomUUID(), teacherId: t.teacherId, teacher: t }],
        },
        { actor, correlationId: randomUUID() },
      );
      return performance.now() - startedAt;
    }

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    for (const vouchers of SIZES) {
      for (const [label, perEvent] of [
        ['one event per voucher', 1],
        [`batches of ${BATCH}`, BATCH],
      ] as const) {
        const { streamId, municipalityId, events } = await streamOf(vouchers, perEvent);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push(await oneIssue(streamId, municipalityId));
        console.log(
          `${vouchers} vouchers, ${label} (${events} events): one more issue ${median(times).toFixed(0)} ms (median of ${RUNS})`,
        );
      }
    }
  } finally {
    await pool.query(`drop schema ${schema} cascade`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

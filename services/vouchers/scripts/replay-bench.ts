// The auditor's region-wide replay at a region's size, for `npm run bench` (deploy/bench/platform.bench.ts
// runs this and prints its row): N vouchers with their history in a fresh event-store schema, the
// ledger they make in fresh FerretDB collections (as the runner would have written it), then
// BENCH_ROUNDS replays of the region compared with them, each finding zero differences, beside the
// floor — the same events read with raw pg in the same pages, nothing upcast, folded or compared. A
// difference planted in the read model afterwards must be reported. Prints one JSON line.
//
//   node -r @swc-node/register services/vouchers/scripts/replay-bench.ts '{"vouchers":50000,"rounds":3}'
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@pk/event-store';
import type { NewEvent } from '@pk/kernel';
import mongoose from 'mongoose';
import { Pool } from 'pg';
import { storedEvent } from '../test/ledger.fixtures';
import {
  LEDGER_COLLECTIONS,
  type LedgerCollection,
  type LedgerDocument,
  replayRegion,
} from '../src/audit/ledger-replay';
import { replayReport, type StoredLedger } from '../src/audit/voucher-audit';
import { budgetId, yearKey } from '../src/projections/voucher-ledger/voucher-ledger.projection';

const { vouchers: VOUCHERS = 50_000, rounds: ROUNDS = 3 } = JSON.parse(process.argv[2] ?? '{}') as {
  vouchers?: number;
  rounds?: number;
};
const REGION = '63';
const YEAR = 2026;
const MUNICIPALITIES = 24;
const PROVIDERS = 32;
const SCHOOLS = 1_200;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const log = (what: string) => {
  if (process.env['BENCH_VERBOSE']) process.stderr.write(`  … replay bench: ${what}\n`);
};

/** A voucher's history: issued; two in three reserve block 1, of which half redeem it; one in three reserves block 2, one in six releases it again. */
function history(
  index: number,
  municipalityId: string,
  providers: { providerId: string; contractId: string }[],
) {
  const voucherId = randomUUID();
  const teacherId = randomUUID();
  const costPerHour = { variable: 250, internship: 300 };
  const blocks = [
    { block: 1, kind: 'variable' as const, hours: 36, matchesProfile: true },
    { block: 2, kind: 'variable' as const, hours: 36, matchesProfile: true },
  ];
  const base = { voucherId, teacherId, region: REGION, year: YEAR };
  const events: NewEvent[] = [
    storedEvent('vouchers.VoucherIssued', {
      ...base,
      municipalityId,
      organizationId: `00000000-0000-4000-8000-${String(index % SCHOOLS).padStart(12, '0')}`,
      position: 'teacher',
      organizationKind: 'school',
      subjects: ['mathematics'],
      workProfile: '',
      category: '72-hours',
      blocks,
      costPerHour,
      amount: 18_000,
    }),
  ];
  const course = (block: 1 | 2) => {
    const { providerId, contractId } = providers[(index + block) % providers.length]!;
    return {
      ...base,
      block,
      kind: 'variable' as const,
      hours: 36,
      requestId: randomUUID(),
      applicationId: randomUUID(),
      programId: randomUUID(),
      offeringId: randomUUID(),
      providerId,
      contractId,
      amount: 9_000,
    };
  };
  if (index % 3 !== 0) {
    const first = course(1);
    events.push(storedEvent('vouchers.BlockReserved', { ...first, matchesProfile: true }));
    if (index % 2 === 0) {
      events.push(
        storedEvent('vouchers.BlockRedeemed', {
          ...first,
          costPerHour: 250,
          completedOn: `${YEAR}-0${1 + (index % 9)}-15`,
          certificateNumber: String(index),
        }),
      );
    }
  }
  if (index % 3 === 1) {
    const second = course(2);
    events.push(storedEvent('vouchers.BlockReserved', { ...second, matchesProfile: false }));
    if (index % 6 === 1) {
      const { requestId, applicationId, providerId } = second;
      events.push(
        storedEvent('vouchers.BlockReleased', {
          ...base,
          block: 2,
          requestId,
          applicationId,
          providerId,
          cause: 'cancelled',
          reason: '',
        }),
      );
    }
  }
  return { stream: `voucher-${voucherId}`, events };
}

async function main() {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 8 });
  const schema = `bench_replay_${randomUUID().slice(0, 8)}`;
  const store = new PostgresEventStore({ pool, schema, source: 'pk/vouchers' });
  await store.migrate();
  const connection = await mongoose.createConnection(process.env['MONGODB_URL']!).asPromise();
  const db = connection.db!;
  const named = (collection: LedgerCollection) => `${schema}.${collection}`;
  try {
    // the year's money streams and the providers' contracts
    const municipalities = Array.from({ length: MUNICIPALITIES }, () => randomUUID());
    const providers = Array.from({ length: PROVIDERS }, () => ({
      providerId: randomUUID(),
      contractId: randomUUID(),
    }));
    await store.append(
      `budget-${REGION}-${YEAR}`,
      [storedEvent('vouchers.BudgetSet', { region: REGION, year: YEAR, amount: 2e9, allotted: 0 })],
      'no-stream',
    );
    for (const municipalityId of municipalities) {
      const allotment = { region: REGION, year: YEAR, municipalityId };
      await store.append(
        `allotment-${REGION}-${YEAR}-${municipalityId}`,
        [
          storedEvent('vouchers.AllotmentCredited', {
            ...allotment,
            amount: 5e7,
            allotment: 5e7,
            committed: 0,
          }),
        ],
        'no-stream',
      );
    }
    for (const { providerId, contractId } of providers) {
      await store.append(
        `provider-contract-${contractId}`,
        [
          storedEvent('vouchers.ProviderContractSigned', {
            contractId,
            providerId,
            region: REGION,
            year: YEAR,
          }),
        ],
        'no-stream',
      );
    }
    // the vouchers: their histories inserted straight into the store's table, 400 vouchers a statement
    // (the setup, not the measurement: an append per voucher would take most of the run); the
    // store's own reads then see them as any appended events
    log(`inserting ${VOUCHERS} vouchers' histories`);
    let events = 0;
    for (let start = 0; start < VOUCHERS; start += 400) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(VOUCHERS, start + 400); i++) {
        const { stream, events: steps } = history(i, municipalities[i % MUNICIPALITIES]!, providers);
        steps.forEach((e, position) =>
          rows.push([
            stream,
            position,
            e.id,
            e.type,
            e.schemaVersion,
            JSON.stringify(e.data),
            JSON.stringify(e.actor),
            e.correlationId,
            e.causationId,
          ]),
        );
      }
      events += rows.length;
      const tuples = rows.map(
        (_, k) => `(${Array.from({ length: 9 }, (_, j) => `$${k * 9 + j + 1}`).join(', ')})`,
      );
      await pool.query(
        `insert into ${schema}.events (stream_id, stream_position, event_id, type, schema_version, data, actor,
           correlation_id, causation_id) values ${tuples.join(', ')}`,
        rows.flat(),
      );
    }
    // the read model as the runner would have written it: the same fold, inserted in bulk
    log('writing the read model');
    const { fold } = await replayRegion(store, REGION);
    for (const collection of LEDGER_COLLECTIONS) {
      const documents = fold.documentsOf(collection);
      const target = db.collection<LedgerDocument>(named(collection));
      await target.createIndex({ yearKey: 1 });
      for (let start = 0; start < documents.length; start += 1_000) {
        await target.insertMany(documents.slice(start, start + 1_000), { ordered: false });
      }
    }
    const stored: StoredLedger = {
      async ofYear(collection, region, year) {
        const target = db.collection<LedgerDocument>(named(collection));
        if (collection === 'budgets' || collection === 'tariffs') {
          const found = await target.findOne({ _id: budgetId(region, year) });
          return found ? [found] : [];
        }
        return target.find({ yearKey: yearKey(region, year) }).toArray();
      },
    };

    const ours: number[] = [];
    const peer: number[] = [];
    const floor = async () => {
      // the store's own pages, by the same keyset, rows only
      let after: [string, string] = ['0', '0'];
      for (;;) {
        const { rows } = await pool.query<{ tx_id: string; global_position: string }>(
          `select tx_id::text as tx_id, global_position, stream_id, stream_position, event_id, type, schema_version, data, actor,
                  correlation_id, causation_id, recorded_at
             from ${schema}.events where (tx_id, global_position) > ($1::xid8, $2::bigint) order by tx_id, global_position limit 2000`,
          after,
        );
        if (rows.length === 0) return;
        const last = rows[rows.length - 1]!;
        after = [last.tx_id, last.global_position];
      }
    };
    for (let round = 0; round <= ROUNDS; round++) {
      log(`round ${round}`);
      let started = performance.now();
      const report = await replayReport(store, stored, REGION, {
        year: YEAR,
        // with BENCH_VERBOSE, when the fold ended and each collection's read came back
        onCompare: (done, total) =>
          log(`compared ${done}/${total} at ${((performance.now() - started) / 1000).toFixed(1)} s`),
      });
      const seconds = (performance.now() - started) / 1000;
      if (report.differenceCount !== 0 || report.vouchers !== VOUCHERS) {
        throw new Error(
          `the replay found ${report.differenceCount} differences and ${report.vouchers} vouchers`,
        );
      }
      started = performance.now();
      await floor();
      const floorSeconds = (performance.now() - started) / 1000;
      if (round > 0) {
        ours.push(seconds);
        peer.push(floorSeconds);
      }
    }
    // a difference planted in the read model is reported
    const planted = fold.documentsOf('blocks')[0]!;
    await db
      .collection<LedgerDocument>(named('blocks'))
      .updateOne({ _id: planted._id }, { $set: { state: 'redeemed' } });
    const afterPlant = await replayReport(store, stored, REGION, { year: YEAR });
    const reported = afterPlant.differences.some((d) => d.id === planted._id && d.field === 'state');
    console.log(
      JSON.stringify({
        vouchers: VOUCHERS,
        events,
        seconds: median(ours),
        floorSeconds: median(peer),
        rounds: {
          ours: ours.map((s) => Math.round(s * 10) / 10),
          peer: peer.map((s) => Math.round(s * 10) / 10),
        },
        plantedReported: reported,
        differencesAfterPlant: afterPlant.differenceCount,
      }),
    );
  } finally {
    for (const collection of LEDGER_COLLECTIONS)
      await db.dropCollection(named(collection)).catch(() => undefined);
    await connection.close();
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

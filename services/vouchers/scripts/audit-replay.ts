// The auditor's region-wide replay from the command line: every vouchers event of a region folded into
// the ledger from the event store alone, compared with the read model document by document and total
// by total, each difference printed. Read-only: it reads the event store's table and the read model's
// live generation, joins no consumer group and writes nothing.
//
//   npm run audit:replay -- 63                      # every cycle of region 63, compared with the read model
//   npm run audit:replay -- 63 --year=2026 --at=2026-05-01T00:00:00Z   # the year's money as of a moment
//   npm run audit:replay -- 63 --json=report.json   # the whole report, every difference, as JSON
//
// DATABASE_URL and MONGODB_URL name the servers (the local stack's by default). Exit code 0: no
// difference; 1: differences found; 2: the replay could not run.
import { writeFileSync } from 'node:fs';
import { regionCodeProblem } from '@pk/service-runtime';
import { PostgresEventStore } from '@pk/event-store';
import { collectionName, type ProjectionState } from '@pk/projections';
import mongoose from 'mongoose';
import { Pool } from 'pg';
import type { LedgerCollection, LedgerDocument } from '../src/audit/ledger-replay';
import { replayReport, type StoredLedger } from '../src/audit/voucher-audit';
import {
  budgetId,
  voucherLedger,
  yearKey,
} from '../src/projections/voucher-ledger/voucher-ledger.projection';

const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://pk:pk@127.0.0.1:15432/pk';
const mongodbUrl = process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:17017/pk';

const USAGE = 'usage: audit-replay <region> [--year=2026] [--at=2026-05-01T00:00:00Z] [--json=report.json]';

function parse(argv: readonly string[]) {
  const [region, ...flags] = argv;
  const option = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
  const problem = region === undefined ? 'region: не указан' : regionCodeProblem('region', region);
  if (problem) throw new Error(`${problem}\n${USAGE}`);
  const year = option('year');
  const at = option('at');
  if (year !== undefined && !/^\d{4}$/.test(year))
    throw new Error(`year: ожидается год, например 2026\n${USAGE}`);
  if (at !== undefined && Number.isNaN(Date.parse(at)))
    throw new Error(`at: ожидается момент ISO 8601\n${USAGE}`);
  return {
    region: region!,
    year: year === undefined ? undefined : Number(year),
    at: at === undefined ? undefined : new Date(at),
    json: option('json'),
  };
}

/** A bar of 30 cells on one line of stderr, redrawn in place. */
function bar(label: string, done: number, total: number, extra = '') {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const cells = Math.round(share * 30);
  process.stderr.write(
    `\r${label} [${'#'.repeat(cells)}${'.'.repeat(30 - cells)}] ${(share * 100).toFixed(0).padStart(3)} % ${done.toLocaleString('ru-RU')}/${total.toLocaleString('ru-RU')} ${extra}   `,
  );
}

async function main() {
  const { region, year, at, json } = parse(process.argv.slice(2));
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const store = new PostgresEventStore({ pool, schema: 'vouchers', source: 'pk/vouchers' });
  const connection = await mongoose.createConnection(mongodbUrl).asPromise();
  try {
    const db = connection.db!;
    const state = await db
      .collection<ProjectionState>('projection_state')
      .findOne({ _id: voucherLedger.name });
    if (!state)
      throw new Error(`в хранилище чтения нет модели ${voucherLedger.name}: служба vouchers не запускалась`);
    const collection = (base: LedgerCollection) =>
      db.collection<LedgerDocument>(collectionName(voucherLedger.name, base, state.active));
    const stored: StoredLedger = {
      async ofYear(base, r, y) {
        if (base === 'budgets' || base === 'tariffs') {
          const found = await collection(base).findOne({ _id: budgetId(r, y) });
          return found ? [found] : [];
        }
        return collection(base)
          .find({ yearKey: yearKey(r, y) })
          .toArray();
      },
    };
    const { rows } = await pool.query<{ count: string }>('select count(*) from vouchers.events');
    const total = Number(rows[0]!.count);
    const started = performance.now();
    const report = await replayReport(store, stored, region, {
      year,
      at,
      listAll: json !== undefined,
      onReplay: ({ read, replayed }) =>
        bar('события', read, total, `(региона ${region}: ${replayed.toLocaleString('ru-RU')})`),
      onCompare: (done, all) => bar('сверка ', done, all, 'коллекций'),
    });
    process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Регион ${region}${year ? `, ${year} год` : ''}${at ? `, на ${at.toISOString()}` : ''}: ` +
        `${report.eventsReplayed.toLocaleString('ru-RU')} событий, ${report.vouchers.toLocaleString('ru-RU')} ИОЧ, ${seconds.toFixed(1)} с`,
    );
    for (const totals of report.years) {
      console.log(
        `  ${totals.year}: бюджет ${totals.budget}, распределено ${totals.allotted}, обязательства ${totals.committed}, ` +
          `забронировано ${totals.reserved}, погашено ${totals.spent}`,
      );
    }
    if (!report.compared) console.log('  (на прошлый момент: с моделью чтения не сверялось)');
    else if (report.differenceCount === 0) console.log('  расхождений с моделью чтения нет');
    else {
      console.log(`  расхождений: ${report.differenceCount}`);
      for (const d of report.differences.slice(0, 50)) {
        console.log(
          `  ${d.collection} ${d.id} ${d.field}: по событиям ${JSON.stringify(d.replayed)}, в модели ${JSON.stringify(d.stored)}`,
        );
      }
    }
    if (json) writeFileSync(json, JSON.stringify(report, null, 2));
    process.exitCode = report.differenceCount === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});

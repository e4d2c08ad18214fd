// What wrapping the teachers' personal-data keys under rotating KEKs costs (personal-data-keys.ts):
// making the keys of a region's teachers in batches of 1 000 (as an import asks for them), reading
// them all again (a re-import), one key at a time (a personal-data read), and an erasure, which
// re-wraps the erased teacher's bucket (1/256 of the teachers). On a database of its own on the local
// stack's PostgreSQL, dropped at the end, with the KEKs in a temporary folder.
//
//   npm run stack:up
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/diagnostics/scripts/teacher-keys-bench.ts [teachers]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { KeyEncryptionKeyDirectory } from '../src/application/key-encryption-keys';
import { PostgresPersonalDataKeys } from '../src/application/personal-data-keys';

const TEACHERS = Number(process.argv[2] ?? 100_000);
const BATCH = 1_000;
const ERASURES = 21;
const READS = 1_000;

async function main() {
  const url = process.env['DATABASE_URL'] ?? 'postgres://pk:pk@127.0.0.1:15432/pk';
  const database = `teacher_keys_bench_${process.pid}`;
  const admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`create database ${database}`);
  const keks = mkdtempSync(path.join(tmpdir(), 'pk-keks-'));
  const pool = new Pool({ connectionString: url.replace(/\/[^/]*$/, `/${database}`), max: 4 });
  const keys = new PostgresPersonalDataKeys(pool, new KeyEncryptionKeyDirectory(path.join(keks, 'keks')));
  try {
    const seconds = async (work: () => Promise<unknown>) => {
      const startedAt = performance.now();
      await work();
      return (performance.now() - startedAt) / 1000;
    };
    const start = await seconds(() => keys.onModuleInit());
    const ids = Array.from({ length: TEACHERS }, () => randomUUID());
    const inBatches = async () => {
      for (let from = 0; from < ids.length; from += BATCH) await keys.keysFor(ids.slice(from, from + BATCH));
    };
    const made = await seconds(inBatches);
    const readAgain = await seconds(inBatches);
    const reads = await seconds(async () => {
      for (let i = 0; i < READS; i++) await keys.find(ids[(i * 7919) % ids.length]!);
    });
    const erasures: number[] = [];
    for (let i = 0; i < ERASURES; i++) erasures.push(await seconds(() => keys.destroy(ids[i * 97]!)));
    erasures.sort((a, b) => a - b);
    const perSecond = (s: number) =>
      Math.round(TEACHERS / s)
        .toLocaleString('en')
        .replace(/,/g, ' ');
    console.log(
      [
        `${TEACHERS} teachers (about ${Math.round(TEACHERS / 256)} a bucket)`,
        `first start (tables, 256 KEKs): ${(start * 1000).toFixed(0)} ms`,
        `keys made in batches of ${BATCH}: ${made.toFixed(2)} s (${perSecond(made)}/s)`,
        `all read again: ${readAgain.toFixed(2)} s (${perSecond(readAgain)}/s)`,
        `one key read: ${((reads / READS) * 1000).toFixed(2)} ms`,
        `erasure (re-wraps its bucket): median ${(erasures[ERASURES >> 1]! * 1000).toFixed(0)} ms, ` +
          `max ${(erasures.at(-1)! * 1000).toFixed(0)} ms`,
      ].join('\n'),
    );
  } finally {
    await pool.end();
    await admin.query(`drop database if exists ${database}`);
    await admin.end();
    rmSync(keks, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

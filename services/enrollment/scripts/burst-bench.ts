// N applications at once for the last places of one group (capacity 25), decided on PostgreSQL two
// ways in the same run: queued per offering as GroupCommands does (the service's path), and left to
// optimistic concurrency alone (the peer: every request races, the kit retries five times). Prints
// for each how long the burst took, how many were accepted, how many got 409, and the places taken.
// On a schema of its own on the local stack's PostgreSQL, dropped at the end.
//
//   npm run stack:up   (or a kept integration stack: DATABASE_URL=postgres://pk:pk@127.0.0.1:<port>/pk)
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/enrollment/scripts/burst-bench.ts [N…]
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@pk/event-store';
import { CommandHandler, type CommandOutcome } from '@pk/kernel';
import { contractSchemas } from '@pk/service-runtime';
import { Pool } from 'pg';
import { group, seated } from '../src/domain/group.decider';
import { PRIVATE_EVENTS } from '../src/private-events';

const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [100, 500];
const CAPACITY = 25;

async function main() {
  const url = process.env['DATABASE_URL'] ?? 'postgres://pk:pk@127.0.0.1:15432/pk';
  const schema = `enrollment_bench_${process.pid}`;
  const pool = new Pool({ connectionString: url, max: 10 });
  const store = new PostgresEventStore({ pool, schema, source: 'pk/enrollment' });
  await store.migrate();
  const handler = new CommandHandler(store, group, { schemas: contractSchemas(PRIVATE_EVENTS) });
  const context = () => ({ actor: { id: randomUUID(), role: 'teacher' }, correlationId: randomUUID() });
  try {
    for (const n of SIZES) {
      for (const mode of ['queued', 'racing'] as const) {
        const offeringId = randomUUID();
        const streamId = group.streamId(offeringId);
        await handler.handle(
          streamId,
          {
            type: 'OpenGroup',
            offeringId,
            programId: randomUUID(),
            providerId: randomUUID(),
            region: '63',
            capacity: CAPACITY,
            minimumGroupSize: 1,
            startsOn: '2026-10-01',
            enrollmentDeadline: '2026-09-25',
          },
          context(),
        );
        let queue: Promise<unknown> = Promise.resolve();
        const apply = (): Promise<CommandOutcome> => {
          const command = {
            type: 'Apply',
            applicationId: randomUUID(),
            offeringId,
            teacherId: randomUUID(),
            organizationId: randomUUID(),
            region: '63',
            route: 'employer',
          } as const;
          if (mode === 'racing') return handler.handle(streamId, command, context());
          const next = queue.catch(() => undefined).then(() => handler.handle(streamId, command, context()));
          queue = next;
          return next;
        };
        const started = performance.now();
        const results = await Promise.allSettled(Array.from({ length: n }, apply));
        const ms = performance.now() - started;
        const accepted = results.filter((r) => r.status === 'fulfilled').length;
        const state = await handler.state(streamId);
        const places = state.status === 'none' ? 0 : seated(state).length;
        console.log(
          `${String(n).padStart(4)} at once, ${mode.padEnd(6)}: ${Math.round(ms)} ms, accepted ${accepted}, refused ${n - accepted}, places taken ${places}/${CAPACITY}`,
        );
      }
    }
  } finally {
    await pool.query(`drop schema ${schema} cascade`);
    await pool.end();
  }
}

void main();

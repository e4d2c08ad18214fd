import { randomUUID } from 'node:crypto';
import { eventStoreContract, serverEndpoints, storeTestEvent, uniqueName } from '@pk/test-kit';
import { Pool } from 'pg';

import { PostgresEventStore } from './postgres-event-store';

const pools: Pool[] = [];
const openStore = async (schema = uniqueName('es').replace(/-/g, '_')) => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 20 });
  pools.push(pool);
  const store = new PostgresEventStore({ pool, schema, source: 'pk/vouchers' });
  await store.migrate();
  return store;
};

describe('PostgreSQL event store (integration)', () => {
  describe('event store contract', () => {
    eventStoreContract(() => openStore());
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    const schema = uniqueName('es').replace(/-/g, '_');
    const store = await openStore(schema);
    const slowWriter = await pools[pools.length - 1]!.connect();
    try {
      // A writer takes its sequence value first and commits last: the classic trap.
      await slowWriter.query('begin');
      await slowWriter.query(
        `insert into ${schema}.events (stream_id, stream_position, event_id, type, schema_version, data, actor, correlation_id)
         values ('voucher-slow', 0, $1, 'vouchers.VoucherIssued', 1, '{}', '{"id":"u","role":"teacher"}', 'c')`,
        [randomUUID()],
      );
      await store.append('voucher-fast', [storeTestEvent('VoucherIssued')], 'no-stream');

      // While the slow transaction is open, the reader must not move past it.
      const early = await store.readAll(null, 100);
      expect(early.map((e) => e.subject)).not.toContain('voucher-fast');

      await slowWriter.query('commit');
      const all = await store.readAll(null, 100);
      expect(all.map((e) => e.subject).sort()).toEqual(['voucher-fast', 'voucher-slow']);
    } finally {
      slowWriter.release();
      await store.close();
    }
  });

  it('refuses a schema name that is not an identifier, before touching the database', () => {
    expect(
      () => new PostgresEventStore({ pool: new Pool(), schema: 'x; drop table y', source: 'pk/x' }),
    ).toThrow(/schema must be a lower-case SQL identifier/);
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  });
});

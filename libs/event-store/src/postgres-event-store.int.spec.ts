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

  it('writes appends that arrive together in one statement, each with the answer it would get alone', async () => {
    const store = await openStore();
    const pool = pools[pools.length - 1]!;
    const statements: string[] = [];
    const query = pool.query.bind(pool);
    pool.query = ((config: { name?: string }, ...rest: unknown[]) => {
      if (typeof config === 'object' && config?.name?.startsWith('pk-append-')) statements.push(config.name);
      return (query as (...args: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    const seeded = await store.append('voucher-seeded', [storeTestEvent('VoucherIssued')], 'no-stream');
    const retried = [storeTestEvent('VoucherIssued')];
    await store.append('voucher-retried', retried, 'no-stream');
    statements.length = 0;
    const answers = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) =>
        store.append(
          `voucher-new-${i}`,
          [storeTestEvent('VoucherIssued'), storeTestEvent('BlockReserved')],
          'no-stream',
        ),
      ),
      store.append('voucher-seeded', [storeTestEvent('BlockReserved')], 0), // right revision
      store.append('voucher-seeded', [storeTestEvent('BlockReserved')], 0), // the same race: one loses
      store.append('voucher-stale', [storeTestEvent('BlockReserved')], 3), // a revision never there
      store.append('voucher-retried', retried, 'no-stream'), // the very same append again
    ]);
    const [news, [won, lost], [stale, again]] = [
      answers.slice(0, 20),
      answers.slice(20, 22).sort((a) => (a.status === 'fulfilled' ? -1 : 1)),
      answers.slice(22),
    ];
    expect(news.every((a) => a.status === 'fulfilled' && a.value.revision === 1)).toBe(true);
    expect(won).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
    expect(lost).toMatchObject({ status: 'rejected', reason: { name: 'WrongExpectedRevision', actual: 1 } });
    expect(stale).toMatchObject({
      status: 'rejected',
      reason: { name: 'WrongExpectedRevision', actual: 'no-stream' },
    });
    expect(again).toMatchObject({ status: 'fulfilled', value: { revision: 0 } });
    expect(seeded.revision).toBe(0);
    expect((await store.readStream('voucher-seeded')).map((e) => e.streamPosition)).toEqual([0, 1]);
    // 24 appends, far fewer statements: they were written in groups
    expect(statements.filter((name) => name.endsWith('-group')).length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThan(24);
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

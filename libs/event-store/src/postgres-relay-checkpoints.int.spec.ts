import { serverEndpoints, storeTestEvent, uniqueName } from '@pk/test-kit';
import { Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresRelayCheckpoints } from './postgres-relay-checkpoints';

describe('PostgreSQL relay checkpoints (integration)', () => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 10 });
  const schema = uniqueName('relay').replace(/-/g, '_');
  const checkpoints = new PostgresRelayCheckpoints(pool, schema);
  afterAll(() => pool.end());

  it('counts the events stored after the checkpoint as the backlog', async () => {
    const store = new PostgresEventStore({ pool, schema, source: 'pk/catalog' });
    await store.migrate();
    expect(await checkpoints.backlog('backlog')).toBe(0);
    const first = await store.append('provider-1', [storeTestEvent('ProviderRegistered')], 'no-stream');
    await store.append(
      'provider-2',
      [storeTestEvent('ProviderRegistered'), storeTestEvent('ProviderRenamed')],
      'no-stream',
    );
    expect(await checkpoints.backlog('backlog')).toBe(3);
    const lease = (await checkpoints.lead('backlog', new AbortController().signal))!;
    await lease.save(first.events[0]!.globalPosition);
    await lease.release();
    expect(await checkpoints.backlog('backlog')).toBe(2);
  });

  it('lets one relay of a name lead at a time, and a waiting one give up when stopped', async () => {
    const first = (await checkpoints.lead('leader-test', new AbortController().signal))!;
    let secondLeads = false;
    const second = checkpoints.lead('leader-test', new AbortController().signal).then((lease) => {
      secondLeads = true;
      return lease!;
    });
    const standby = new AbortController();
    const third = checkpoints.lead('leader-test', standby.signal);
    await new Promise((r) => setTimeout(r, 300));
    expect(secondLeads).toBe(false);
    standby.abort();
    expect(await third).toBeNull();

    await first.release();
    const lease = await second;
    expect(secondLeads).toBe(true);
    await lease.save('1/1');
    await lease.release();
    expect(await checkpoints.load('leader-test')).toBe('1/1');
  });

  it('keeps parked events once each, with the latest for the alarm', async () => {
    const lease = (await checkpoints.lead('parking', new AbortController().signal))!;
    const parked = (eventId: string, reason: string) => ({
      eventId,
      type: 'catalog.ProviderRenamed',
      streamId: 'provider-1',
      globalPosition: '5/7',
      reason,
      parkedAt: new Date().toISOString(),
    });
    await lease.park(parked('6f1c2d9e-0a4b-4c3d-8e2f-1a2b3c4d5e6f', 'unknown type'));
    await lease.park(parked('6f1c2d9e-0a4b-4c3d-8e2f-1a2b3c4d5e6f', 'unknown type')); // met again after a restart
    await new Promise((r) => setTimeout(r, 10));
    await lease.park(parked('7a1c2d9e-0a4b-4c3d-8e2f-1a2b3c4d5e6f', 'data refused'));
    await lease.release();
    expect(await checkpoints.parked('parking')).toMatchObject({
      count: 2,
      last: { eventId: '7a1c2d9e-0a4b-4c3d-8e2f-1a2b3c4d5e6f', reason: 'data refused' },
    });
    expect(await checkpoints.parked('nothing-parked')).toEqual({ count: 0, last: null });
  });
});

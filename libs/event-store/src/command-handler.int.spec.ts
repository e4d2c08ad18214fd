import { CommandHandler, ConcurrencyConflict, type Decider, DomainError, type DomainEvent } from '@pk/kernel';
import { serverEndpoints, uniqueName } from '@pk/test-kit';
import { Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store';

// A group with a capacity: the rule that concurrent commands must not break.
type Seated = DomainEvent<'enrollment.SeatTaken', { teacher: string }>;
type TakeSeat = { type: 'TakeSeat'; teacher: string };
const group: Decider<{ seats: number }, TakeSeat, Seated> = {
  initialState: { seats: 0 },
  decide: (command, state) => {
    if (state.seats >= 5) throw new DomainError('group-full', 'the group has no free seat');
    return [{ type: 'enrollment.SeatTaken', data: { teacher: command.teacher } }];
  },
  evolve: (state) => ({ seats: state.seats + 1 }),
};

describe('command handler on PostgreSQL (integration)', () => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 20 });
  const store = new PostgresEventStore({
    pool,
    schema: uniqueName('ch').replace(/-/g, '_'),
    source: 'pk/enrollment',
  });
  const context = { actor: { id: 'op-1', role: 'provider' }, correlationId: 'c-1' };
  afterAll(() => store.close());

  it('decides every racing command on fresh state: capacity holds, losers retry or get a domain error', async () => {
    const handler = new CommandHandler(store, group, { maxAttempts: 20 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        handler.handle('group-1', { type: 'TakeSeat', teacher: `t${i}` }, context),
      ),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(refused.every((o) => o.reason instanceof DomainError && o.reason.code === 'group-full')).toBe(
      true,
    );
    const stream = await store.readStream('group-1');
    expect(stream).toHaveLength(5);
    expect(stream[0]).toMatchObject({ actor: context.actor, correlationId: 'c-1', schemaVersion: 1 });
  });

  it('reports a conflict when the stream keeps changing past the retry budget', async () => {
    const handler = new CommandHandler(store, group, { maxAttempts: 1 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        handler.handle('group-2', { type: 'TakeSeat', teacher: `t${i}` }, context),
      ),
    );
    const conflicts = outcomes.filter(
      (o) => o.status === 'rejected' && o.reason instanceof ConcurrencyConflict,
    );
    expect(conflicts.length).toBeGreaterThan(0);
    expect(await store.readStream('group-2')).toHaveLength(10 - conflicts.length);
  });
});

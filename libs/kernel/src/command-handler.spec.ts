import type { EventEnvelope } from '@pk/contracts';
import { TestClock } from '@pk/test-kit';
import { defineAggregate, defineFold } from './aggregate';
import { CommandHandler, ConcurrencyConflict, RevisionMismatch } from './command-handler';
import { type Decider, DomainError, type DomainEvent } from './decider';
import { type EventStore } from './event-store';
import { InMemoryEventStore } from './in-memory-event-store';

type TakeSeat = { type: 'TakeSeat'; teacher: string };
type SeatTaken = DomainEvent<'enrollment.SeatTaken', { teacher: string; at: string }>;
// A group with five seats: the rule that racing commands must not break.
const group: Decider<{ seats: number }, TakeSeat, SeatTaken> = {
  initialState: { seats: 0 },
  decide: (command, state, { now }) => {
    if (state.seats >= 5) throw new DomainError('group-full', 'the group has no free seat');
    return [{ type: 'enrollment.SeatTaken', data: { teacher: command.teacher, at: now.toISOString() } }];
  },
  evolve: (state) => ({ seats: state.seats + 1 }),
};
const context = { actor: { id: 'op-1', role: 'provider' }, correlationId: 'c-1' };

/** A store whose writes wait for each other, so every racing command reads before any appends. */
function racingStore(inner: EventStore, racers: number): EventStore {
  let waiting: (() => void)[] = [];
  return {
    ...inner,
    readStream: (id, options) => inner.readStream(id, options),
    readAll: (from, limit) => inner.readAll(from, limit),
    close: () => inner.close(),
    append: async (id, events, expected) => {
      if (waiting.length + 1 < racers) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        waiting.forEach((go) => go());
        waiting = [];
        racers = 0;
      }
      return inner.append(id, events, expected);
    },
  };
}

describe('command handler', () => {
  it('decides with the time of its clock and records actor, correlation and a cause', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const clock = new TestClock(new Date('2026-03-01T10:00:00Z'));
    const handler = new CommandHandler(store, group, { clock });
    const outcome = await handler.handle('group-1', { type: 'TakeSeat', teacher: 't1' }, context);
    expect(outcome.revision).toBe(0);
    const [event] = await store.readStream('group-1');
    expect(event).toMatchObject({
      data: { teacher: 't1', at: '2026-03-01T10:00:00.000Z' },
      actor: context.actor,
      correlationId: 'c-1',
    });
    expect(event!.causationId).toEqual(expect.any(String));
  });

  it('decides every racing command again on fresh state: capacity holds, the rest get the domain refusal', async () => {
    const inner = new InMemoryEventStore({ source: 'pk/enrollment' });
    const handler = new CommandHandler(racingStore(inner, 8), group, { maxAttempts: 20 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        handler.handle('group-2', { type: 'TakeSeat', teacher: `t${i}` }, context),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as DomainError] : []));
    expect(refusals.map((r) => r.code)).toEqual(['group-full', 'group-full', 'group-full']);
    expect(await inner.readStream('group-2')).toHaveLength(5);
  });

  it('gives up with a conflict when the stream keeps changing past its attempts', async () => {
    const inner = new InMemoryEventStore({ source: 'pk/enrollment' });
    const handler = new CommandHandler(racingStore(inner, 3), group, { maxAttempts: 1 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) =>
        handler.handle('group-3', { type: 'TakeSeat', teacher: `t${i}` }, context),
      ),
    );
    const conflicts = outcomes.filter(
      (o) => o.status === 'rejected' && o.reason instanceof ConcurrencyConflict,
    );
    expect(conflicts).toHaveLength(2);
    expect(await inner.readStream('group-3')).toHaveLength(1);
  });

  it('decides a cause with an idempotency key once, however often it comes', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const handler = new CommandHandler(store, group);
    const keyed = { ...context, idempotencyKey: 'enrollment/seat-for/event-1/group-4/0' };
    const first = await handler.handle('group-4', { type: 'TakeSeat', teacher: 't1' }, keyed);
    const again = await handler.handle('group-4', { type: 'TakeSeat', teacher: 't1' }, keyed);
    expect(first.events).toHaveLength(1);
    expect(again).toEqual({ revision: 0, events: [], alreadyHandled: true });
    const other = await handler.handle(
      'group-4',
      { type: 'TakeSeat', teacher: 't2' },
      { ...keyed, idempotencyKey: 'other' },
    );
    expect(other.events.map((e: EventEnvelope) => e.streamPosition)).toEqual([1]);
  });

  it('reads an aggregate state without deciding anything', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const handler = new CommandHandler(store, group);
    await handler.handle('group-5', { type: 'TakeSeat', teacher: 't1' }, context);
    expect(await handler.state('group-5')).toEqual({ seats: 1 });
    expect(await handler.state('group-none')).toEqual({ seats: 0 });
  });

  it('prepares the command again in every attempt, on the state that attempt loaded', async () => {
    const inner = new InMemoryEventStore({ source: 'pk/enrollment' });
    const seen: number[] = [];
    const handler = new CommandHandler(racingStore(inner, 2), group, {
      maxAttempts: 5,
      // a fact read for the decision, e.g. a pool of experts: it must come from after a lost race
      prepare: async (command, state) => {
        seen.push(state.seats);
        return command;
      },
    });
    await Promise.all([
      handler.handle('group-6', { type: 'TakeSeat', teacher: 't1' }, context),
      handler.handle('group-6', { type: 'TakeSeat', teacher: 't2' }, context),
    ]);
    // both prepared on the empty group, the loser once more on the group the winner changed
    expect(seen.sort()).toEqual([0, 0, 1]);
  });

  it('decides on the revision the caller expects, and refuses with a mismatch (no retry) otherwise', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const handler = new CommandHandler(store, group);
    await handler.handle('group-7', { type: 'TakeSeat', teacher: 't1' }, context);
    const [first, second] = await Promise.allSettled([
      handler.handle('group-7', { type: 'TakeSeat', teacher: 't2' }, { ...context, expectedRevision: 0 }),
      handler.handle('group-7', { type: 'TakeSeat', teacher: 't3' }, { ...context, expectedRevision: 0 }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(RevisionMismatch) });
    expect((second as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 1 });
    expect(await store.readStream('group-7')).toHaveLength(2);
    await expect(
      handler.handle(
        'group-none',
        { type: 'TakeSeat', teacher: 't4' },
        { ...context, expectedRevision: 'exists' },
      ),
    ).rejects.toBeInstanceOf(RevisionMismatch);
  });
});

describe('aggregate definitions', () => {
  it('name their streams <name>-<key>, by one key or several', () => {
    const seats = defineAggregate({ name: 'group', ...group });
    expect(seats.streamId('g-1')).toBe('group-g-1');
    const trajectory = defineAggregate<{ seats: number }, TakeSeat, SeatTaken, [string, number]>({
      name: 'trajectory',
      key: (teacherId, year) => `${teacherId}-${year}`,
      ...group,
    });
    expect(trajectory.streamId('t-1', 2026)).toBe('trajectory-t-1-2026');
    const facts = defineFold<number, SeatTaken>({ name: 'group', initialState: 0, evolve: (n) => n + 1 });
    expect(facts.streamId('g-1')).toBe(seats.streamId('g-1'));
    expect(() => defineAggregate({ name: 'Review Case', ...group })).toThrow(/lower-case words/);
  });
});

/** A store that counts the events each read hands out, to see which reads touch the whole history. */
function countingStore(inner: EventStore) {
  const reads: { fromRevision: number | undefined; events: number }[] = [];
  const store: EventStore = {
    append: (id, events, expected) => inner.append(id, events, expected),
    readStream: async (id, options) => {
      const events = await inner.readStream(id, options);
      reads.push({ fromRevision: options?.fromRevision, events: events.length });
      return events;
    },
    readAll: (from, limit) => inner.readAll(from, limit),
    close: () => inner.close(),
  };
  return { store, reads, eventsRead: () => reads.reduce((sum, r) => sum + r.events, 0) };
}

type Count = { type: 'Count' };
type Counted = DomainEvent<'enrollment.Counted', Record<string, never>>;
// A stream that may grow without bound, its state the count of its events.
const counter: Decider<{ count: number }, Count, Counted> = {
  initialState: { count: 0 },
  decide: () => [{ type: 'enrollment.Counted', data: {} }],
  evolve: (state) => ({ count: state.count + 1 }),
};

describe('command handler cache of folded streams', () => {
  it('reads the whole history once, then only the events after the revision it folded', async () => {
    const inner = new InMemoryEventStore({ source: 'pk/enrollment' });
    const writer = new CommandHandler(inner, counter);
    for (let i = 0; i < 30; i++) await writer.handle('counter-1', { type: 'Count' }, context);
    const { store, reads, eventsRead } = countingStore(inner);
    const handler = new CommandHandler(store, counter);
    await handler.handle('counter-1', { type: 'Count' }, context);
    expect(eventsRead()).toBe(30);
    const outcome = await handler.handle('counter-1', { type: 'Count' }, context);
    expect(outcome.revision).toBe(31);
    // the second command asked only for what followed its own append, and there was nothing
    expect(reads.at(-1)).toEqual({ fromRevision: 31, events: 0 });
    expect(eventsRead()).toBe(30);
    expect(await handler.state('counter-1')).toEqual({ count: 32 });
  });

  it('stays current when another writer appends behind its back', async () => {
    const clock = new TestClock(new Date('2026-03-01T10:00:00Z'));
    const store = new InMemoryEventStore({ source: 'pk/enrollment', clock });
    const here = new CommandHandler(store, group, { clock });
    const elsewhere = new CommandHandler(store, group, { clock });
    await here.handle('group-8', { type: 'TakeSeat', teacher: 't0' }, context);
    expect(await here.current('group-8')).toMatchObject({ revision: 0, state: { seats: 1 } });
    for (let i = 1; i < 5; i++) {
      clock.advance(60_000);
      await elsewhere.handle('group-8', { type: 'TakeSeat', teacher: `t${i}` }, context);
    }
    expect(await here.current('group-8')).toEqual({
      state: { seats: 5 },
      revision: 4,
      changedAt: '2026-03-01T10:04:00.000Z',
    });
    // decided on the five seats the other writer filled, not the one this handler had cached
    await expect(here.handle('group-8', { type: 'TakeSeat', teacher: 't5' }, context)).rejects.toMatchObject({
      code: 'group-full',
    });
    expect(await store.readStream('group-8')).toHaveLength(5);
  });

  it('keeps a cause with an idempotency key decided once on a cached stream, whoever stored it', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const here = new CommandHandler(store, counter);
    const elsewhere = new CommandHandler(store, counter);
    for (let i = 0; i < 10; i++) await here.handle('counter-2', { type: 'Count' }, context);
    await elsewhere.state('counter-2');
    const keyed = { ...context, idempotencyKey: 'enrollment/count/event-1' };
    const first = await here.handle('counter-2', { type: 'Count' }, keyed);
    expect(first.revision).toBe(10);
    await here.handle('counter-2', { type: 'Count' }, context);
    // the handler that appended it and the one that reads it only in the tail both see it handled
    expect(await here.handle('counter-2', { type: 'Count' }, keyed)).toEqual({
      revision: 11,
      events: [],
      alreadyHandled: true,
    });
    expect(await elsewhere.handle('counter-2', { type: 'Count' }, keyed)).toEqual({
      revision: 11,
      events: [],
      alreadyHandled: true,
    });
    expect(await store.readStream('counter-2')).toHaveLength(12);
  });

  it('keeps at most the streams it is given, dropping the least recently used', async () => {
    const inner = new InMemoryEventStore({ source: 'pk/enrollment' });
    const { store, eventsRead } = countingStore(inner);
    const handler = new CommandHandler(store, counter, { cachedStreams: 1 });
    for (let i = 0; i < 3; i++) await handler.handle('counter-a', { type: 'Count' }, context);
    await handler.handle('counter-b', { type: 'Count' }, context);
    const before = eventsRead();
    // counter-b pushed counter-a out: its three events are read again, counter-b's one is not
    await handler.state('counter-a');
    expect(eventsRead() - before).toBe(3);
    await handler.state('counter-a');
    expect(eventsRead() - before).toBe(3);
    const none = new CommandHandler(store, counter, { cachedStreams: 0 });
    await none.state('counter-a');
    await none.state('counter-a');
    expect(eventsRead() - before).toBe(9);
  });

  it('folds older event versions upcast, from the tail as from the whole stream', async () => {
    const store = new InMemoryEventStore({ source: 'pk/enrollment' });
    const writer = new CommandHandler(store, counter);
    await writer.handle('counter-3', { type: 'Count' }, context);
    const upcasts: number[] = [];
    const schemas = {
      versionOf: () => 1,
      check: () => undefined,
      upcast: (e: EventEnvelope) => (upcasts.push(e.streamPosition), e),
    };
    const handler = new CommandHandler(store, counter, { schemas });
    await handler.state('counter-3');
    await writer.handle('counter-3', { type: 'Count' }, context);
    expect(await handler.state('counter-3')).toEqual({ count: 2 });
    expect(upcasts).toEqual([0, 1]);
  });
});

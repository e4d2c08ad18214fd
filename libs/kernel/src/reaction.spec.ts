import type { EventEnvelope } from '@pk/contracts';
import { TestClock } from '@pk/test-kit';
import { defineAggregate } from './aggregate';
import { Aggregates } from './aggregates';
import { CommandHandler } from './command-handler';
import { DomainError, type DomainEvent } from './decider';
import { InMemoryEventStore } from './in-memory-event-store';
import { issue, type Reaction, ReactionRunner } from './reaction';
import { ReplicaBehind } from './replica-behind';
import { InMemorySchedule, Scheduler } from './schedule';

// A review case opened when a program is submitted, and closed unanswered after two weeks.
type ReviewCommand = { type: 'OpenCase'; programId: string } | { type: 'CloseUnanswered' };
type ReviewEvent =
  DomainEvent<'expertise.CaseOpened', { programId: string }> | DomainEvent<'expertise.CaseClosed', object>;
const reviewCase = defineAggregate<{ open: boolean; closed: boolean }, ReviewCommand, ReviewEvent>({
  name: 'review',
  initialState: { open: false, closed: false },
  decide(command, state) {
    switch (command.type) {
      case 'OpenCase':
        if (state.open) throw new DomainError('case-open', 'the case is open already');
        return [{ type: 'expertise.CaseOpened', data: { programId: command.programId } }];
      case 'CloseUnanswered':
        // deliberately not idempotent by itself: only the idempotency key keeps it to one
        return [{ type: 'expertise.CaseClosed', data: {} }];
    }
  },
  evolve: (state, event) =>
    event.type === 'expertise.CaseOpened' ? { ...state, open: true } : { ...state, closed: true },
});

const submitted = (programId: string): EventEnvelope => ({
  id: crypto.randomUUID(),
  type: 'catalog.ProgramSubmitted',
  schemaVersion: 1,
  source: 'pk/catalog',
  subject: `program-${programId}`,
  streamPosition: 0,
  globalPosition: '1/1',
  time: '2026-09-01T09:00:00.000Z',
  actor: { id: 'p', role: 'provider' },
  correlationId: 'corr-1',
  causationId: null,
  data: { programId },
});

const openCase = (deadlineDays: number): Reaction => ({
  name: 'open-review-case',
  events: ['catalog.ProgramSubmitted'],
  react: (event) => {
    const { programId } = event.data as { programId: string };
    const due = new Date(Date.parse(event.time) + deadlineDays * 86_400_000);
    return [
      issue(reviewCase, [programId], { type: 'OpenCase', programId }),
      issue(reviewCase, [programId], { type: 'CloseUnanswered' }, { at: due }),
    ];
  },
});

function setUp() {
  const store = new InMemoryEventStore({ source: 'pk/expertise' });
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const aggregates = new Aggregates();
  aggregates.register(reviewCase, new CommandHandler(store, reviewCase, { clock }));
  const schedule = new InMemorySchedule();
  const runner = new ReactionRunner({ service: 'expertise', aggregates, schedule, clock, log: silent });
  const scheduler = new Scheduler({ schedule, aggregates, clock, log: silent });
  return { store, clock, schedule, runner, scheduler, aggregates };
}
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('reactions', () => {
  it('issue their command once when given the same event twice, with the event as cause and the service as actor', async () => {
    const { store, runner } = setUp();
    const event = submitted('p-1');
    const first = await runner.run(openCase(14), event);
    const again = await runner.run(openCase(14), event);
    expect(first).toMatchObject({ decided: 1, scheduled: 1 });
    expect(again).toMatchObject({ decided: 0, alreadyHandled: 1 });
    const stream = await store.readStream('review-p-1');
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({
      causationId: event.id,
      correlationId: 'corr-1',
      actor: { id: 'system:expertise', role: 'system' },
    });
  });

  it('record a refusal of the domain as an answer, not a failure', async () => {
    const { runner } = setUp();
    await runner.run(openCase(14), submitted('p-2'));
    const other = await runner.run(openCase(14), submitted('p-2'));
    expect(other).toMatchObject({ refused: 1, decided: 0 });
  });

  it('pass over events they do not react to', async () => {
    const { runner } = setUp();
    expect(await runner.run(openCase(1), { ...submitted('p-3'), type: 'catalog.ProgramArchived' })).toEqual({
      decided: 0,
      alreadyHandled: 0,
      refused: 0,
      scheduled: 0,
    });
  });
});

describe('scheduled commands', () => {
  it('wait, listed, until their time, then fire once; a redelivered event schedules nothing more', async () => {
    const { store, clock, schedule, runner, scheduler } = setUp();
    const event = submitted('p-4');
    await runner.run(openCase(14), event);
    await runner.run(openCase(14), event);
    expect((await schedule.pending()).map((e) => [e.command.type, e.dueAt.toISOString()])).toEqual([
      ['CloseUnanswered', '2026-09-15T09:00:00.000Z'],
    ]);
    clock.set('2026-09-15T08:59:59Z');
    expect(await scheduler.fireDue()).toBe(0);
    clock.set('2026-09-15T09:00:00Z');
    expect(await scheduler.fireDue()).toBe(1);
    expect(await scheduler.fireDue()).toBe(0);
    expect((await store.readStream('review-p-4')).map((e) => e.type)).toEqual([
      'expertise.CaseOpened',
      'expertise.CaseClosed',
    ]);
    expect(await schedule.pending()).toEqual([]);
    expect(schedule.history).toMatchObject([
      { outcome: 'decided', firedAt: new Date('2026-09-15T09:00:00Z') },
    ]);
  });

  it('fire once even when a crash loses the record that they fired', async () => {
    const { store, clock, schedule, runner, scheduler } = setUp();
    await runner.run(openCase(1), submitted('p-5'));
    clock.advance(2 * 86_400_000);
    const record = schedule.fired.bind(schedule);
    schedule.fired = async () => {
      schedule.fired = record; // the first record is lost: the process died right after deciding
      throw new Error('killed');
    };
    await expect(scheduler.fireDue()).rejects.toThrow('killed');
    expect(await scheduler.fireDue()).toBe(1); // a restarted scheduler fires it again…
    expect((await store.readStream('review-p-5')).map((e) => e.type)).toEqual([
      'expertise.CaseOpened',
      'expertise.CaseClosed', // …and the second firing decided nothing
    ]);
  });

  it('stay due, unrecorded and unreported, while a replica they need catches up', async () => {
    const { store, clock, schedule, runner, aggregates } = setUp();
    await runner.run(openCase(1), submitted('p-6'));
    clock.advance(2 * 86_400_000);
    let behind = true;
    const catchingUp = new Aggregates();
    catchingUp.handle = (...command: Parameters<Aggregates['handle']>) =>
      behind ? Promise.reject(new ReplicaBehind('programs', 'program p-6')) : aggregates.handle(...command);
    const scheduler = new Scheduler({ schedule, aggregates: catchingUp, clock, log: silent });
    expect(await scheduler.fireDue()).toBe(0);
    expect(scheduler.progress).toMatchObject({ failing: [], waitingForOutageSince: null });
    expect(schedule.history).toEqual([]);
    behind = false;
    expect(await scheduler.fireDue()).toBe(1);
    expect((await store.readStream('review-p-6')).map((e) => e.type)).toEqual([
      'expertise.CaseOpened',
      'expertise.CaseClosed',
    ]);
  });
});

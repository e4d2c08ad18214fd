import { CommandHandler } from './command-handler';
import { type Decider, type DomainEvent } from './decider';
import { InMemoryEventStore } from './in-memory-event-store';
import { currentLogContext, type LogContext, withLogContext } from './log-context';

type Note = { type: 'Note'; text: string };
type Noted = DomainEvent<'demo.Noted', { text: string }>;

describe('log context', () => {
  it('given nested contexts, when read inside, then inner fields win and outer ones stay', async () => {
    const seen = await withLogContext({ correlationId: 'c-1', actor: 'op' }, () =>
      withLogContext({ actor: 'system:demo', stream: 's-1' }, async () => {
        await new Promise((resolve) => setImmediate(resolve)); // across an await
        return currentLogContext();
      }),
    );
    expect(seen).toEqual({ correlationId: 'c-1', actor: 'system:demo', stream: 's-1' });
    expect(currentLogContext()).toEqual({});
  });

  it('given a command, when decided, then what is logged while deciding names its path', async () => {
    let whileDeciding: LogContext = {};
    const decider: Decider<null, Note, Noted> = {
      initialState: null,
      decide: (command) => {
        whileDeciding = currentLogContext();
        return [{ type: 'demo.Noted', data: { text: command.text } }];
      },
      evolve: (state) => state,
    };
    let afterwards: LogContext = {};
    const handler = new CommandHandler(new InMemoryEventStore({ source: 'pk/demo' }), decider, {
      decided: async () => {
        afterwards = currentLogContext();
      },
    });
    await handler.handle(
      'note-1',
      { type: 'Note', text: 'x' },
      { actor: { id: 'op-1', role: 'provider' }, correlationId: 'c-7', causationId: 'e-3' },
    );
    const expected = {
      correlationId: 'c-7',
      causationId: 'e-3',
      actor: 'op-1',
      stream: 'note-1',
      command: 'Note',
    };
    expect(whileDeciding).toEqual(expected);
    expect(afterwards).toEqual(expected);
  });
});

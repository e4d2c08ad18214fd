/** What a decider emits: the event's type and data, before the store gives it an envelope. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/**
 * An aggregate's behaviour as two pure functions: `decide` turns a command into events given the
 * state (or refuses with a DomainError), `evolve` folds an event into the state. No I/O, so
 * every rule is testable given/when/then without servers.
 */
export interface Decider<TState, TCommand, TEvent extends DomainEvent> {
  readonly initialState: TState;
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
}

/**
 * A rule of the domain refused the command (a program below 16 hours, a provider registered
 * twice). `code` is stable for clients; the message is for people.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function foldEvents<TState, TEvent extends DomainEvent>(
  decider: Pick<Decider<TState, unknown, TEvent>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState);
}

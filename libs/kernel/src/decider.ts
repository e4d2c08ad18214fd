import type { Actor } from '@pk/contracts';

/** What a decider emits: the event's type and data, before the store gives it an envelope. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** A command of the domain: a tagged union member, `{ type: 'SubmitProgram', … }`. */
export interface DomainCommand<TType extends string = string> {
  readonly type: TType;
}

/**
 * What a decision knows besides the command and the state: when it is made and by whom. The time
 * comes from the command handler's clock, never from `new Date()` inside a decider, so a test
 * gives it and a replayed decision sees the same instant.
 */
export interface CommandMetadata {
  readonly now: Date;
  readonly actor: Actor;
}

/**
 * An aggregate's behaviour as two pure functions: `decide` turns a command into events given the
 * state (or refuses with a DomainError), `evolve` folds an event into the state. No I/O, so
 * every rule is testable given/when/then without servers.
 */
export interface Decider<TState, TCommand extends DomainCommand, TEvent extends DomainEvent> {
  readonly initialState: TState;
  decide(command: TCommand, state: TState, metadata: CommandMetadata): readonly TEvent[];
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

/**
 * A refusal because what the command would create exists already under another name (an ИНН known
 * under another id): 409 over HTTP, where other refusals are 422. The message names the existing one.
 */
export class DomainConflict extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'DomainConflict';
  }
}

export function foldEvents<TState, TEvent extends DomainEvent>(
  decider: Pick<Decider<TState, never, TEvent>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState);
}

/**
 * The `default` of a decider's `switch (command.type)`, always written `return unknownCommand(command.type)`:
 * the compiler proves every command type is handled (an unhandled one leaves `command.type` not
 * `never`), and a command from outside the union fails loudly at run time.
 */
export function unknownCommand(type: never): never {
  throw new Error(`no decision for command ${JSON.stringify(type)}`);
}

import { randomUUID } from 'node:crypto';
import type { Actor, EventEnvelope } from '@pk/contracts';
import { Decider, DomainEvent, foldEvents } from './decider';
import { EventStore, WrongExpectedRevision } from './event-store';

/** Who issued a command and in which conversation: recorded on every event it causes. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The command's or triggering event's id; defaults to a fresh id per command. */
  readonly causationId?: string | null;
}

export interface CommandOutcome {
  /** Stream revision after the command; -1 when the stream still does not exist. */
  readonly revision: number;
  readonly events: EventEnvelope[];
}

/**
 * Two writers raced on one stream and the retries ran out; the API answers 409 and the caller
 * may try again with fresh state.
 */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} kept changing under the command (${attempts} attempts); try again`);
    this.name = 'ConcurrencyConflict';
  }
}

/**
 * Load → decide → append with the expected revision. A lost race re-reads and decides again:
 * the decision is made on the state that really was there, never on a stale one.
 */
export interface CommandHandlerOptions<TEvent extends DomainEvent> {
  /** The current schema version of each event type (from contracts). */
  readonly schemaVersionOf: (type: TEvent['type']) => number;
  /** Brings a stored event of an older schema version to the current one before `evolve`. */
  readonly upcast?: (event: EventEnvelope) => EventEnvelope;
  /** Refuses a decided event that breaks its public contract, before it is stored for good. */
  readonly validate?: (event: TEvent) => void;
  /** Attempts before a lost race becomes a ConcurrencyConflict; default 5. */
  readonly maxAttempts?: number;
}

export class CommandHandler<TState, TCommand, TEvent extends DomainEvent> {
  private readonly maxAttempts: number;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<TState, TCommand, TEvent>,
    private readonly options: CommandHandlerOptions<TEvent>,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async handle(streamId: string, command: TCommand, context: CommandContext): Promise<CommandOutcome> {
    const causationId = context.causationId === undefined ? randomUUID() : context.causationId;
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      // The last event's position, not the count: a truncated stream need not start at 0.
      const revision = history.length === 0 ? -1 : history[history.length - 1]!.streamPosition;
      const upcast = this.options.upcast ?? ((event: EventEnvelope) => event);
      // An envelope carries { type, data } as its domain event does.
      const state = foldEvents(this.decider, history.map(upcast) as unknown as TEvent[]);
      const decided = this.decider.decide(command, state);
      if (decided.length === 0) return { revision, events: [] };
      if (this.options.validate) decided.forEach(this.options.validate);
      try {
        const result = await this.store.append(
          streamId,
          decided.map((event) => ({
            id: randomUUID(),
            type: event.type,
            schemaVersion: this.options.schemaVersionOf(event.type),
            data: event.data,
            actor: context.actor,
            correlationId: context.correlationId,
            causationId,
          })),
          revision < 0 ? 'no-stream' : revision,
        );
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflict(streamId, attempt);
        // Jittered pause so racing writers do not collide again in lock-step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}

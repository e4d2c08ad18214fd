import { Inject, Injectable } from '@nestjs/common';
import {
  Aggregates,
  type Clock,
  type CommandContext,
  CommandHandler,
  type CommandOutcome,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type EventSchemas,
  type EventStore,
} from '@pk/kernel';
import { CLOCK, EVENT_SCHEMAS, EVENT_STORE } from './tokens';

/**
 * What a service's write side asks of the kit: a command handler per aggregate, already wired to
 * the event store, the contracts and the clock, and the state of any aggregate without casts.
 */
@Injectable()
export class EventSourcing {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_SCHEMAS) private readonly schemas: EventSchemas,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly aggregates: Aggregates,
  ) {}

  /**
   * The command handler of an aggregate, registered under its name ("program") so reactions and
   * scheduled deadlines can send it commands.
   */
  handler<TState, TCommand extends DomainCommand, TEvent extends DomainEvent>(
    name: string,
    decider: Decider<TState, TCommand, TEvent>,
    hooks: HandlerHooks<TCommand> = {},
  ): CommandHandler<TState, TCommand, TEvent> {
    const options = { schemas: this.schemas, clock: this.clock };
    return this.aggregates.register(
      name,
      hooks.prepare || hooks.decided
        ? new HookedCommandHandler(this.store, decider, options, hooks)
        : new CommandHandler(this.store, decider, options),
    );
  }

  /** The current state of an aggregate (any of the service's), e.g. the provider a program names. */
  aggregate<TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Decider<TState, never, TEvent>,
  ): Promise<TState> {
    return new CommandHandler(this.store, decider, { schemas: this.schemas }).state(streamId);
  }
}

/**
 * What an aggregate's handler does around each decision, whoever sends the command (HTTP, a reaction,
 * a deadline): `prepare` adds what the decision needs and a command cannot carry — facts as they are
 * at the time it is decided (a deadline fired in ten days decides on that day's data); `decided`
 * follows up what was decided (e.g. schedules deadlines at once, in process).
 */
export interface HandlerHooks<TCommand extends DomainCommand> {
  readonly prepare?: (streamId: string, command: TCommand) => Promise<TCommand>;
  readonly decided?: (outcome: CommandOutcome) => Promise<void>;
}

class HookedCommandHandler<
  TState,
  TCommand extends DomainCommand,
  TEvent extends DomainEvent,
> extends CommandHandler<TState, TCommand, TEvent> {
  constructor(
    store: EventStore,
    decider: Decider<TState, TCommand, TEvent>,
    options: { schemas: EventSchemas; clock: Clock },
    private readonly hooks: HandlerHooks<TCommand>,
  ) {
    super(store, decider, options);
  }

  override async handle(
    streamId: string,
    command: TCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const prepared = this.hooks.prepare ? await this.hooks.prepare(streamId, command) : command;
    const outcome = await super.handle(streamId, prepared, context);
    await this.hooks.decided?.(outcome);
    return outcome;
  }
}

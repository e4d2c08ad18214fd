import { Inject, Injectable } from '@nestjs/common';
import {
  Aggregates,
  type Clock,
  CommandHandler,
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
  ): CommandHandler<TState, TCommand, TEvent> {
    return this.aggregates.register(
      name,
      new CommandHandler(this.store, decider, { schemas: this.schemas, clock: this.clock }),
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

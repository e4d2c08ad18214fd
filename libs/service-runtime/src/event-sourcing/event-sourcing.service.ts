import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type Aggregate,
  Aggregates,
  type Clock,
  CommandHandler,
  type DomainCommand,
  type DomainEvent,
  type EventSchemas,
  type EventStore,
  type Fold,
  type HandlerHooks,
} from '@pk/kernel';
import { ServiceMetrics } from '../metrics';
import { CLOCK, EVENT_SCHEMAS, EVENT_STORE } from './tokens';

/**
 * What a service's write side asks of the kit: a command handler per aggregate, already wired to
 * the event store, the contracts and the clock, and the state of any stream without casts.
 */
@Injectable()
export class EventSourcing {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_SCHEMAS) private readonly schemas: EventSchemas,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly aggregates: Aggregates,
    // counts each command's verdict and times its appends (absent where no HealthModule is)
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  /**
   * The command handler of an aggregate, registered under its name so reactions and scheduled
   * deadlines reach it. Hooks (`prepare`, `decided`) run around every decision, whoever sends it.
   */
  handler<
    TState,
    TCommand extends DomainCommand,
    TEvent extends DomainEvent,
    TKey extends readonly unknown[],
  >(
    aggregate: Aggregate<TState, TCommand, TEvent, TKey>,
    hooks: HandlerHooks<TState, TCommand> = {},
  ): CommandHandler<TState, TCommand, TEvent> {
    return this.aggregates.register(
      aggregate as Aggregate<TState, TCommand, TEvent, never>,
      new CommandHandler(this.store, aggregate, {
        schemas: this.schemas,
        clock: this.clock,
        observer: this.metrics?.commandsOf(aggregate.name),
        ...hooks,
      }),
    );
  }

  /**
   * The current state of one stream, folded (older event versions upcast first): e.g. the provider a
   * program names, `eventSourcing.state(providerFacts, providerId)`.
   */
  state<TState, TEvent extends DomainEvent, TKey extends readonly unknown[]>(
    fold: Fold<TState, TEvent, TKey>,
    ...key: TKey
  ): Promise<TState> {
    const decider = { ...fold, decide: () => [] };
    return new CommandHandler(this.store, decider, { schemas: this.schemas }).state(fold.streamId(...key));
  }
}

import type { Aggregate } from './aggregate';
import type { CommandContext, CommandHandler, CommandOutcome } from './command-handler';
import type { DomainCommand, DomainEvent } from './decider';

type AnyHandler = CommandHandler<unknown, DomainCommand, DomainEvent>;

/**
 * A service's aggregate handlers, by the aggregate's name: how a scheduled deadline, which is stored
 * as data, finds the handler that decides its command. Code passes the aggregate itself; only the
 * stored schedule holds the name.
 */
export class Aggregates {
  private readonly handlers = new Map<string, AnyHandler>();

  register<TState, TCommand extends DomainCommand, TEvent extends DomainEvent>(
    aggregate: Aggregate<TState, TCommand, TEvent, never>,
    handler: CommandHandler<TState, TCommand, TEvent>,
  ): CommandHandler<TState, TCommand, TEvent> {
    if (this.handlers.has(aggregate.name))
      throw new Error(`aggregate "${aggregate.name}" is registered twice`);
    this.handlers.set(aggregate.name, handler as unknown as AnyHandler);
    return handler;
  }

  handle(
    aggregate: string,
    streamId: string,
    command: DomainCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const handler = this.handlers.get(aggregate);
    if (!handler) {
      throw new Error(
        `no aggregate "${aggregate}" to decide ${command.type}; registered: ${[...this.handlers.keys()].join(', ')}`,
      );
    }
    return handler.handle(streamId, command, context);
  }
}

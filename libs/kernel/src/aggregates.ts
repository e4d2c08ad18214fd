import type { CommandContext, CommandHandler, CommandOutcome } from './command-handler';
import type { DomainCommand, DomainEvent } from './decider';

type AnyHandler = CommandHandler<unknown, DomainCommand, DomainEvent>;

/**
 * A service's aggregates by name ("program", "offering"): how a reaction or a scheduled deadline,
 * which can only carry data, names the handler that decides its command.
 */
export class Aggregates {
  private readonly handlers = new Map<string, AnyHandler>();

  register<TState, TCommand extends DomainCommand, TEvent extends DomainEvent>(
    name: string,
    handler: CommandHandler<TState, TCommand, TEvent>,
  ): CommandHandler<TState, TCommand, TEvent> {
    if (this.handlers.has(name)) throw new Error(`aggregate "${name}" is registered twice`);
    this.handlers.set(name, handler as unknown as AnyHandler);
    return handler;
  }

  handle(
    name: string,
    streamId: string,
    command: DomainCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const handler = this.handlers.get(name);
    if (!handler) {
      throw new Error(
        `no aggregate "${name}" to decide ${command.type}; registered: ${[...this.handlers.keys()].join(', ')}`,
      );
    }
    return handler.handle(streamId, command, context);
  }
}

import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  type BoundedContext,
  ContractViolation,
  contextOf,
  isPublicEventType,
  publicTopic,
  readPublishedEvent,
} from '@pk/contracts';
import { type IncomingMessage, type MessageBus, ReplicaBehind, type RunningSubscription } from '@pk/kernel';
import { isObservable, lastValueFrom, type Observable, throwError } from 'rxjs';

/**
 * Other services' events delivered to `@EventPattern('expertise.DecisionMade')` methods, the Nest
 * way, over the platform's own consumer instead of Nest's stock Kafka transport. Why its own: the
 * stock transport shares one consumer across every pattern and topic, handles one message at a
 * time, and gives little say over commits and retries (nestjs/nest issues 12703, 14664, 4804) —
 * fine for request/reply, not for consumption that changes state. Here one consumer group per
 * service reads the public topics of the patterns' contexts; an offset is committed only after the
 * handler resolved; a failing message is retried with backoff and then dead-lettered (`<service>.
 * reactions.dlt`); a replica that is behind (ReplicaBehind) is waited for, never dead-lettered; types
 * no method handles are passed over unread.
 */
export class EventTransport extends Server implements CustomTransportStrategy {
  private subscription: RunningSubscription | undefined;

  constructor(
    private readonly options: {
      readonly service: string;
      readonly bus: MessageBus;
      /** Attempts before a failing event is dead-lettered; default 5. */
      readonly attempts?: number;
      readonly backoffMs?: number;
    },
  ) {
    super();
  }

  /** The consumer group: one per service, for all its reactions. */
  get groupId(): string {
    return `${this.options.service}.reactions`;
  }

  get deadLetterTopic(): string | undefined {
    return this.subscription?.deadLetterTopic;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const types = [...this.messageHandlers.keys()];
      const unknown = types.filter((type) => !isPublicEventType(type));
      if (unknown.length > 0) {
        throw new Error(`@EventPattern names event types no contract describes: ${unknown.join(', ')}`);
      }
      if (types.length > 0) {
        const contexts = new Set(types.map((type) => contextOf(type as Parameters<typeof contextOf>[0])));
        this.subscription = await this.options.bus.subscribe({
          groupId: this.groupId,
          topics: [...contexts].map((context) => publicTopic(context as BoundedContext)),
          attempts: this.options.attempts ?? 5,
          backoffMs: this.options.backoffMs,
          isPermanent: (error) => error instanceof ContractViolation || error instanceof SyntaxError,
          isTransient: (error) => error instanceof ReplicaBehind,
          handle: async (messages) => {
            for (const message of messages) await this.deliver(message);
          },
        });
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async deliver(message: IncomingMessage): Promise<void> {
    const raw: unknown = JSON.parse(message.value ?? 'null');
    const type = (raw as { type?: unknown } | null)?.type;
    const handler = typeof type === 'string' ? this.getHandlerByPattern(type) : null;
    // A type none of this service's reactions reads: passed over unvalidated, so a new event type
    // upstream never stalls an older consumer. Anything it handles is checked and upcast first.
    if (!handler) return;
    const result: unknown = await handler(readPublishedEvent(raw), message);
    if (isObservable(result)) await lastValueFrom(result as Observable<unknown>, { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  on(): never {
    throw new Error('the event transport emits no events of its own');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}

/**
 * Nest's default RPC filter turns any error into `{ status: 'error', message: … }`, which would hide
 * what the consumer must see: a ReplicaBehind to wait for, a failure to retry. This one lets the
 * error through as it is; the consumer logs it and decides.
 */
@Catch()
export class ReactionErrorsPassThrough implements RpcExceptionFilter {
  private readonly logger = new Logger('reactions');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    if (!(exception instanceof ReplicaBehind)) this.logger.warn(`reaction failed: ${String(exception)}`);
    return throwError(() => exception);
  }
}

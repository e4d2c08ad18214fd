import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  type BoundedContext,
  contextOf,
  isPublicEventType,
  publicTopic,
  readPublishedEvent,
} from '@pk/contracts';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@pk/contracts';
import {
  type DeadLetterReplay,
  type IncomingMessage,
  type MessageBus,
  type OutageClassifier,
  ReplicaBehind,
  type RunningSubscription,
  type SubscriptionStatus,
  contextOfTraceparent,
  inSpan,
  withLogContext,
} from '@pk/kernel';
import { SpanKind } from '@opentelemetry/api';
import { isObservable, lastValueFrom, type Observable, throwError } from 'rxjs';
import { unreadableMessage } from '../event-sourcing/contract-schemas';
import type { HealthReport } from '../health';
import {
  type DeadLetterReplays,
  InMemoryDeadLetterReplays,
  type RecordedReplay,
} from './dead-letter-replays';

/**
 * Other services' events delivered to `@EventPattern('expertise.DecisionMade')` methods, the Nest
 * way, over the platform's own consumer instead of Nest's stock Kafka transport. Why its own: the
 * stock transport shares one consumer across every pattern and topic, handles one message at a
 * time, and gives little say over commits and retries (nestjs/nest issues 12703, 14664, 4804) —
 * fine for request/reply, not for consumption that changes state. Here one consumer group per
 * service reads the public topics of the patterns' contexts; an offset is committed only after the
 * handler resolved; a failing message is retried with backoff and then dead-lettered (`<service>.
 * reactions.dlt`); a replica that is behind (ReplicaBehind) and an outage of any store the service
 * touches (the service's OutageClassifier: its event store, its read store) are waited for, never
 * dead-lettered — only a message that fails while every store answers is; types no method handles
 * are passed over unread. Dead letters can be replayed (replayDeadLetters), audited.
 */
export class EventTransport extends Server implements CustomTransportStrategy {
  private subscription: RunningSubscription | undefined;
  /** Answered once the running replay has counted its letters; undefined when none runs. */
  private replaying: Promise<RecordedReplay> | undefined;
  private replay: RecordedReplay | undefined;
  private readonly replays: DeadLetterReplays;
  private readonly log = new Logger('reactions');

  constructor(
    private readonly options: {
      readonly service: string;
      readonly bus: MessageBus;
      /** Attempts before a failing event is dead-lettered; default 5. */
      readonly attempts?: number;
      readonly backoffMs?: number;
      /** The stores the reactions touch: a failure during an outage of one of them is waited out. */
      readonly outages?: OutageClassifier;
      /** Where replays of dead letters are recorded; in memory when not given. */
      readonly replays?: DeadLetterReplays;
    },
  ) {
    super();
    this.replays = options.replays ?? new InMemoryDeadLetterReplays();
  }

  /** The consumer group: one per service, for all its reactions. */
  get groupId(): string {
    return reactionsGroupOf(this.options.service);
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
          isPermanent: unreadableMessage,
          isTransient: async (error) =>
            error instanceof ReplicaBehind || (await this.options.outages?.isOutage(error)) === true,
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
    const event = readPublishedEvent(raw);
    // the reaction's log lines (and the commands it issues, which add their own) name the event
    await withLogContext(
      {
        correlationId: event.correlationId,
        causationId: event.id,
        actor: event.actor.id,
        stream: event.subject,
        event: event.type,
      },
      () =>
        // a consumer span, child of the send span the relay put in the message's traceparent
        // header: the commands the reaction issues continue the trace of the request upstream
        inSpan(
          `process ${event.type}`,
          {
            kind: SpanKind.CONSUMER,
            parent: contextOfTraceparent(message.headers['traceparent']),
            attributes: {
              'messaging.system': 'kafka',
              'messaging.operation.type': 'process',
              'messaging.destination.name': message.topic,
              'messaging.consumer.group.name': this.groupId,
              'messaging.message.id': event.id,
              'pk.event.type': event.type,
            },
          },
          async () => {
            const result: unknown = await handler(event, message);
            if (isObservable(result))
              await lastValueFrom(result as Observable<unknown>, { defaultValue: undefined });
          },
        ),
    );
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Where the reactions' consumer stands; null when the service reacts to nothing. */
  consumerStatus(): SubscriptionStatus | null {
    return this.subscription?.status() ?? null;
  }

  /** For /health: degraded while the consumer is not running, stuck, or waiting out an outage. */
  health(): HealthReport {
    const consumer = this.consumerStatus();
    return { status: consumer === null || consumer.healthy ? 'ok' : 'degraded', consumer };
  }

  /**
   * Re-delivers the dead letters not replayed before to the reactions (idempotent by their keys, so
   * a letter whose reaction did happen changes nothing), recorded with who asked and what it did,
   * and logged. Answers once it knows how many there are; while a replay runs, asking again answers
   * with it instead of starting another.
   */
  replayDeadLetters(requestedBy: Actor): Promise<RecordedReplay> {
    const subscription = this.subscription;
    if (!subscription) return Promise.reject(new NoReactions(this.options.service));
    if (this.replaying) return this.replaying.then(() => this.replay!);
    const replayId = randomUUID();
    const recorded = (progress: DeadLetterReplay): RecordedReplay => ({ ...progress, replayId, requestedBy });
    const who = `asked by ${requestedBy.id} (${requestedBy.role}); replay ${replayId}`;
    this.replaying = new Promise<RecordedReplay>((answer) => {
      void subscription
        .replayDeadLetters((progress) => {
          const first = this.replay?.replayId !== replayId;
          this.replay = recorded(progress);
          if (!first) return;
          this.log.log(`replaying ${progress.total} dead letters of ${progress.groupId}, ${who}`);
          void this.record(this.replay);
          answer(this.replay);
        })
        .then(async (final) => {
          this.replay = recorded(final);
          const line =
            `replay of ${final.total} dead letters of ${final.groupId} ${final.state}: ${final.handled} handled, ` +
            `${final.deadLetteredAgain} dead-lettered again${final.error ? ` (${final.error})` : ''}; ${who}`;
          if (final.state === 'failed') this.log.error(line);
          else this.log.log(line);
          await this.record(this.replay);
          answer(this.replay);
        })
        .finally(() => (this.replaying = undefined));
    });
    return this.replaying;
  }

  /** The replay running or last run in this process, and those recorded (latest first). */
  async deadLetterReplays(
    limit = 20,
  ): Promise<{ current: RecordedReplay | null; recorded: RecordedReplay[] }> {
    return { current: this.replay ?? null, recorded: await this.replays.list(limit) };
  }

  private async record(replay: RecordedReplay): Promise<void> {
    await this.replays.record(replay).catch((error: unknown) => {
      this.log.error(`replay ${replay.replayId} not recorded: ${String(error)}`);
    });
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

/** Asked to replay in a service without reactions. */
export class NoReactions extends Error {
  constructor(service: string) {
    super(`${service} reacts to no events: it has no dead letters of reactions`);
    this.name = 'NoReactions';
  }
}

/** The consumer group of a service's reactions: one per service, for all of them. */
export function reactionsGroupOf(service: string): string {
  return `${service}.reactions`;
}

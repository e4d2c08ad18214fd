import {
  Controller,
  type DynamicModule,
  Get,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
  type Provider,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@pk/auth';
import { type BoundedContext, type EventEnvelope, publicTopic } from '@pk/contracts';
import {
  PostgresEventStore,
  postgresOutageProbe,
  PostgresRelayCheckpoints,
  PostgresSchedule,
} from '@pk/event-store';
import {
  Aggregates,
  type Clock,
  EventRelay,
  type EventSchemas,
  type EventStore,
  InMemoryEventStore,
  InMemorySchedule,
  type MessageBus,
  OutageClassifier,
  ReactionRunner,
  type Schedule,
  Scheduler,
  systemClock,
  within,
} from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { Pool } from 'pg';
import { requiredSetting } from '../environment';
import { HealthChecks } from '../health';
import { ServiceMetrics } from '../metrics';
import { ScheduledAnswer } from '../http/kit-answers';
import { DeadLetterReplayController } from '../reactions/dead-letter-replay.controller';
import { PostgresDeadLetterReplays } from '../reactions/dead-letter-replays';
import { CONTEXT_DATABASE, type ContextDatabase } from '../side-stores';
import { EventTransport } from '../reactions/event-transport';
import { contractSchemas, publicFormOf } from './contract-schemas';
import { EventSourcing } from './event-sourcing.service';
import {
  CLOCK,
  EVENT_SCHEMAS,
  EVENT_STORE,
  MESSAGE_BUS,
  PUBLIC_FORM,
  SCHEDULE,
  SERVICE_NAME,
} from './tokens';

const RELAY = Symbol('RELAY');
const POOL = Symbol('POOL');

export function kafkaBus(clientId: string): KafkaMessageBus {
  const brokers = requiredSetting('KAFKA_BROKERS', 'Kafka bootstrap servers, e.g. 127.0.0.1:19092').split(
    ',',
  );
  // KAFKA_CONSUMER_LINGER_MS: how long a caught-up consumer waits before its next fetch (the bus's
  // default unless set; 0 fetches at once) — a knob for measuring what batching costs and saves
  const linger = process.env['KAFKA_CONSUMER_LINGER_MS'];
  return new KafkaMessageBus({
    clientId,
    brokers: brokers.map((b) => b.trim()),
    ...(linger ? { lingerMs: Number(linger) } : {}),
  });
}

export interface EventSourcingOptions {
  /**
   * Event types the service stores but never publishes (e.g. the rows of an import in progress):
   * the relay maps them to no public message, and no contract checks them.
   */
  readonly privateEvents?: readonly string[];
}

export interface InMemoryEventSourcingOptions extends EventSourcingOptions {
  /** The clock decisions and deadlines read: a TestClock in specs. */
  readonly clock?: Clock;
  /** A store the spec fills (given events) and reads (then events); a fresh one otherwise. */
  readonly store?: InMemoryEventStore;
}

/** What is scheduled and not yet fired: the deadlines a person can list. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('schedule')
class ScheduleController {
  constructor(@Inject(SCHEDULE) private readonly schedule: Schedule) {}

  @Get()
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  @ApiOkResponse({ type: [ScheduledAnswer], description: 'Earliest first' })
  async pending() {
    return (await this.schedule.pending()).map((entry) => ({
      id: entry.id,
      dueAt: entry.dueAt.toISOString(),
      aggregate: entry.aggregate,
      streamId: entry.streamId,
      command: entry.command,
      causationId: entry.context.causationId ?? null,
    }));
  }
}

/**
 * Runs what goes on beside requests: the relay (without holding up start-up: a replica may wait to
 * lead) and the scheduler; reports the relay at /health; stops everything within bounds.
 */
@Injectable()
class WriteSideLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly health: HealthChecks,
    @Inject(SCHEDULE) private readonly schedule: Schedule,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly context: BoundedContext,
    @Optional() @Inject(RELAY) private readonly relay?: EventRelay,
    @Optional() @Inject(MESSAGE_BUS) private readonly bus?: MessageBus,
    @Optional() @Inject(POOL) private readonly pool?: Pool,
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const relay = this.relay;
    if (relay) {
      // A parked event is published nowhere until a person acts: the service says so at /health.
      this.health.register('relay', () => {
        const progress = relay.progress;
        return { status: progress.parked > 0 || progress.interruptedSince ? 'degraded' : 'ok', ...progress };
      });
      this.health.register('scheduler', () => {
        const progress = this.scheduler.progress;
        const stuck = progress.waitingForOutageSince !== null || progress.failing.length > 0;
        return { status: stuck ? 'degraded' : 'ok', ...progress };
      });
      this.metrics?.watchRelay(relay);
      this.metrics?.watchSchedule(this.schedule, this.clock);
      const bus = this.bus;
      if (bus) this.health.requireForReadiness('broker', () => brokerAnswers(bus, publicTopic(this.context)));
      void relay.start();
      this.scheduler.start();
    }
  }

  /**
   * Bounded at every step: with the broker gone, kafkajs's idempotent producer retries a send for
   * ever, so the relay may not stop by itself; closing the bus rejects that send and lets it go.
   */
  async onApplicationShutdown(): Promise<void> {
    await settledWithin(this.scheduler.stop(), 10_000);
    const stopped = this.relay?.stop() ?? Promise.resolve();
    await settledWithin(stopped, 10_000);
    if (this.bus) await settledWithin(this.bus.close(), 10_000);
    await settledWithin(stopped, 5_000);
    if (this.pool) await settledWithin(this.pool.end(), 5_000);
  }
}

/** The broker answers for the service's own topic (readiness; HealthChecks bounds the wait). */
export async function brokerAnswers(bus: MessageBus, topic: string): Promise<string | null> {
  try {
    await bus.endOffsets(topic);
    return null;
  } catch (error) {
    return `the broker does not answer for ${topic}: ${String(error)}`;
  }
}

/** Waits for the work, or gives up after the time; shutdown goes on either way. */
const settledWithin = (work: Promise<unknown>, ms: number): Promise<void> =>
  within(
    work.then(
      () => undefined,
      () => undefined,
    ),
    ms,
    undefined,
  );

/** What both variants share: the EventSourcing service, aggregates, reactions and the scheduler. */
function kit(context: string): Provider[] {
  return [
    { provide: SERVICE_NAME, useValue: context },
    Aggregates,
    EventSourcing,
    {
      provide: ReactionRunner,
      inject: [Aggregates, SCHEDULE, CLOCK],
      useFactory: (aggregates: Aggregates, schedule: Schedule, clock: Clock) =>
        new ReactionRunner({
          service: context,
          aggregates,
          schedule,
          clock,
          log: new Logger(`reactions:${context}`),
        }),
    },
    {
      provide: Scheduler,
      inject: [Aggregates, SCHEDULE, CLOCK, { token: OutageClassifier, optional: true }],
      useFactory: (aggregates: Aggregates, schedule: Schedule, clock: Clock, outages?: OutageClassifier) =>
        new Scheduler({
          schedule,
          aggregates,
          clock,
          log: new Logger(`scheduler:${context}`),
          isOutage: (error) => outages?.isOutage(error) ?? false,
        }),
    },
    WriteSideLifecycle,
  ];
}

const EXPORTS = [
  EVENT_STORE,
  PUBLIC_FORM,
  CLOCK,
  SCHEDULE,
  SERVICE_NAME,
  EventSourcing,
  Aggregates,
  ReactionRunner,
  Scheduler,
];

/**
 * A context's write side: its event store (PostgreSQL schema named after the context), the relay of
 * its events to its public topic, command handlers wired to the contracts, reactions to other
 * services' events, and durable deadlines.
 */
@Module({})
export class EventSourcingModule {
  static forContext(context: BoundedContext, options: EventSourcingOptions = {}): DynamicModule {
    return {
      module: EventSourcingModule,
      global: true,
      controllers: [ScheduleController, DeadLetterReplayController],
      providers: [
        ...kit(context),
        {
          provide: POOL,
          inject: [{ token: OutageClassifier, optional: true }],
          useFactory: (outages?: OutageClassifier) => {
            const pool = new Pool({
              connectionString: requiredSetting('DATABASE_URL', 'the event store database'),
              max: 10,
            });
            // An idle connection dropped by the server must not crash the service; the next query reconnects.
            pool.on('error', (error) =>
              new Logger('postgres').warn(`idle connection lost: ${error.message}`),
            );
            outages?.add(postgresOutageProbe(pool));
            return pool;
          },
        },
        {
          provide: CONTEXT_DATABASE,
          inject: [POOL],
          useFactory: (pool: Pool): ContextDatabase => ({ pool, schema: context }),
        },
        {
          provide: EVENT_STORE,
          inject: [POOL],
          useFactory: async (pool: Pool) => {
            const store = new PostgresEventStore({ pool, schema: context, source: `pk/${context}` });
            await store.migrate();
            return store;
          },
        },
        { provide: EVENT_SCHEMAS, useValue: contractSchemas(options.privateEvents) },
        { provide: PUBLIC_FORM, useValue: publicFormOf(options.privateEvents) },
        { provide: CLOCK, useValue: systemClock },
        {
          provide: SCHEDULE,
          inject: [POOL],
          useFactory: (pool: Pool) => new PostgresSchedule(pool, context),
        },
        { provide: MESSAGE_BUS, useFactory: () => kafkaBus(`pk-${context}`) },
        {
          provide: RELAY,
          inject: [EVENT_STORE, MESSAGE_BUS, POOL, PUBLIC_FORM],
          useFactory: (
            store: EventStore,
            bus: MessageBus,
            pool: Pool,
            toPublic: (stored: EventEnvelope) => readonly EventEnvelope[],
          ) =>
            new EventRelay({
              name: context,
              store,
              bus,
              topic: publicTopic(context),
              checkpoints: new PostgresRelayCheckpoints(pool, context),
              // the topic carries current versions: stored history is upcast on the way out
              toPublic,
              log: new Logger(`relay:${context}`),
            }),
        },
        {
          provide: EventTransport,
          inject: [MESSAGE_BUS, POOL, { token: OutageClassifier, optional: true }],
          useFactory: (bus: MessageBus, pool: Pool, outages?: OutageClassifier) =>
            new EventTransport({
              service: context,
              bus,
              outages,
              replays: new PostgresDeadLetterReplays(pool, context),
            }),
        },
      ],
      exports: [...EXPORTS, MESSAGE_BUS, EventTransport, CONTEXT_DATABASE],
    };
  }

  /**
   * The same kit in memory, for fast specs of a service's commands and HTTP API: given events go
   * into `store`, the clock is the spec's, nothing is relayed. Never instead of the integration
   * tests on real servers.
   */
  static inMemory(context: BoundedContext, options: InMemoryEventSourcingOptions = {}): DynamicModule {
    const clock = options.clock ?? systemClock;
    return {
      module: EventSourcingModule,
      global: true,
      controllers: [ScheduleController],
      providers: [
        ...kit(context),
        {
          provide: EVENT_STORE,
          useValue: options.store ?? new InMemoryEventStore({ source: `pk/${context}`, clock }),
        },
        { provide: EVENT_SCHEMAS, useValue: contractSchemas(options.privateEvents) satisfies EventSchemas },
        { provide: PUBLIC_FORM, useValue: publicFormOf(options.privateEvents) },
        { provide: CLOCK, useValue: clock },
        { provide: SCHEDULE, useValue: new InMemorySchedule() },
      ],
      exports: EXPORTS,
    };
  }
}

import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { BoundedContext, publicTopic, readPublishedEvent } from '@pk/contracts';
import { PostgresEventStore, PostgresRelayCheckpoints } from '@pk/event-store';
import type { EventStore } from '@pk/kernel';
import { EventRelay, KafkaMessageBus, MessageBus } from '@pk/messaging';
import { Pool } from 'pg';
import { requiredSetting } from './environment';
import { HealthChecks } from './health';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
const RELAY = Symbol('RELAY');
const POOL = Symbol('POOL');

export function kafkaBus(clientId: string): KafkaMessageBus {
  const brokers = requiredSetting('KAFKA_BROKERS', 'Kafka bootstrap servers, e.g. 127.0.0.1:19092').split(
    ',',
  );
  return new KafkaMessageBus({ clientId, brokers: brokers.map((b) => b.trim()) });
}

/**
 * Starts the relay once the service is up, without holding up start-up (it may wait to become the
 * leader), and closes relay, broker connections and pool when the service stops.
 */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RELAY) private readonly relay: EventRelay,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(POOL) private readonly pool: Pool,
    private readonly health: HealthChecks,
  ) {}

  onApplicationBootstrap(): void {
    // A parked event is published nowhere until a person acts: the service says so at /health.
    this.health.register('relay', () => {
      const progress = this.relay.progress;
      return { status: progress.parked > 0 ? 'degraded' : 'ok', ...progress };
    });
    // Not awaited: a replica may wait to lead; the relay retries on its own until stopped.
    void this.relay.start();
  }

  /**
   * Bounded at every step: with the broker gone, kafkajs's idempotent producer retries a send for
   * ever, so the relay may not stop by itself; closing the bus rejects that send and lets it go.
   */
  async onApplicationShutdown(): Promise<void> {
    const stopped = this.relay.stop();
    await within(stopped, 10_000);
    await within(this.bus.close(), 10_000);
    await within(stopped, 5_000);
    await within(this.pool.end(), 5_000);
  }
}

/** Waits for the work, or gives up after the time; shutdown goes on either way. */
function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A context's write side: its event store (PostgreSQL schema named after the context) and the relay
 * of its events to its public topic.
 */
@Module({})
export class EventSourcingModule {
  static forContext(context: BoundedContext): DynamicModule {
    return {
      module: EventSourcingModule,
      global: true,
      providers: [
        {
          provide: POOL,
          useFactory: () => {
            const pool = new Pool({
              connectionString: requiredSetting('DATABASE_URL', 'the event store database'),
              max: 10,
            });
            // An idle connection dropped by the server must not crash the service; the next query reconnects.
            pool.on('error', (error) =>
              new Logger('postgres').warn(`idle connection lost: ${error.message}`),
            );
            return pool;
          },
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
        { provide: MESSAGE_BUS, useFactory: () => kafkaBus(`pk-${context}`) },
        {
          provide: RELAY,
          inject: [EVENT_STORE, MESSAGE_BUS, POOL],
          useFactory: (store: EventStore, bus: MessageBus, pool: Pool) =>
            new EventRelay({
              name: context,
              store,
              bus,
              topic: publicTopic(context),
              checkpoints: new PostgresRelayCheckpoints(pool, context),
              // the topic carries current versions: stored history is upcast on the way out
              toPublic: (stored) => [readPublishedEvent(stored)],
            }),
        },
        RelayLifecycle,
      ],
      exports: [EVENT_STORE, MESSAGE_BUS],
    };
  }
}

import {
  Controller,
  type DynamicModule,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Module,
  NotFoundException,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { type BoundedContext, type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { type EventStore, type MessageBus, OutageClassifier } from '@pk/kernel';
import {
  type AnyProjection,
  connectReadStore,
  InMemoryReadModel,
  InMemoryTopics,
  ProjectionRunner,
  readStoreOutageProbe,
  type RebuildProgress,
} from '@pk/projections';
import type { Connection } from 'mongoose';
import { requiredSetting } from '../environment';
import { unreadableMessage } from '../event-sourcing/contract-schemas';
import { HealthChecks } from '../health';
import { ServiceMetrics } from '../metrics';
import { maxReadModelLag, readModelsBehind } from './readiness';
import { RebuildAnswer } from '../http/kit-answers';
import { brokerAnswers, kafkaBus } from '../event-sourcing/event-sourcing.module';
import { EVENT_STORE, PUBLIC_FORM } from '../event-sourcing/tokens';

const CONNECTION = Symbol('READ_MODEL_CONNECTION');
const BUS = Symbol('READ_MODEL_BUS');
const RUNNERS = Symbol('READ_MODEL_RUNNERS');

/** The injection token of one read model. */
export function readModelToken(definition: { readonly name: string }): string {
  return `read-model:${definition.name}`;
}

/**
 * Injects a read model, on the read store in the service and in memory in specs alike:
 * `@InjectReadModel(register) private readonly model: ReadModelOf<typeof register>`.
 */
export const InjectReadModel = (definition: { readonly name: string }) => Inject(readModelToken(definition));

/** Starts every runner once the service is up, reports each at /health, stops them and the connections. */
@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RUNNERS) private readonly runners: Map<string, ProjectionRunner>,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONNECTION) private readonly connection: Connection,
    private readonly health: HealthChecks,
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners.values()) {
      await startPatiently(runner);
      this.health.register(`projection:${runner.name}`, () => runner.health);
      this.metrics?.watchProjection({
        name: runner.name,
        get generation() {
          return runner.generation;
        },
        progress: () => runner.progress(),
        consumer: () => runner.health.consumer,
      });
    }
    const runners = [...this.runners.values()];
    const topic = runners[0]?.topics[0];
    if (topic) this.health.requireForReadiness('broker', () => brokerAnswers(this.bus, topic));
    const bound = maxReadModelLag();
    this.health.requireForReadiness('read-models', async () => readModelsBehind(runners, bound));
  }

  async onApplicationShutdown(): Promise<void> {
    // together, not one after another: each consumer may wait out its fetch (up to kafkajs's 5 s)
    // before it leaves its group, and ten of them in turn outlast an orchestrator's grace period
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    await this.bus.close();
    await this.connection.close();
  }
}

/**
 * Rebuilding a read model from zero replaces what every region's readers see: a platform
 * operation, audited with its requester (see ProjectionRunner.rebuild).
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('projections/:name/rebuild')
class RebuildController {
  constructor(@Inject(RUNNERS) private readonly runners: Map<string, ProjectionRunner>) {}

  @Post()
  @HttpCode(202)
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  @ApiResponse({
    status: 202,
    type: RebuildAnswer,
    description: 'Started (or already running): its progress',
  })
  async rebuild(
    @Param('name') name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RebuildProgress> {
    const progress = await this.runner(name).rebuild(actorOf(principal));
    if (progress.state === 'failed') {
      throw new ServiceUnavailableException(`the rebuild could not start: ${progress.error}`);
    }
    return progress;
  }

  @Get()
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  @ApiOkResponse({ type: RebuildAnswer })
  progress(@Param('name') name: string): RebuildProgress {
    const progress = this.runner(name).progress();
    if (!progress) throw new NotFoundException(`no rebuild of ${name} has run since the service started`);
    return progress;
  }

  private runner(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) {
      throw new NotFoundException(
        `no read model "${name}"; this service has ${[...this.runners.keys()].join(', ')}`,
      );
    }
    return runner;
  }
}

/**
 * Other services' events as a spec publishes them to the in-memory read models (what their topics
 * would carry): `app.get(PublishedEvents).publish(programApproved, …)`. Each is checked against its
 * contract and upcast as the service's consumers would.
 */
@Injectable()
export class PublishedEvents {
  constructor(readonly topics: InMemoryTopics) {}

  publish(...events: EventEnvelope[]): void {
    for (const event of events) {
      const context = event.type.slice(0, event.type.indexOf('.')) as BoundedContext;
      this.topics.publish(publicTopic(context), [event]);
    }
  }
}

/**
 * The service's own events, relayed in memory: before a read, what the in-memory store holds beyond
 * what was relayed goes to the service's topic in its public form (private events stay behind), as
 * the relay would publish it.
 */
function inMemoryRelay(
  context: BoundedContext,
  topics: InMemoryTopics,
  store: EventStore | undefined,
  publicForm: ((stored: EventEnvelope) => readonly EventEnvelope[]) | undefined,
): () => Promise<void> {
  let checkpoint: string | null = null;
  let relaying: Promise<void> = Promise.resolve();
  // one at a time: two reads relaying from the same checkpoint would publish an event twice
  return () =>
    (relaying = relaying.then(async () => {
      if (!store || !publicForm) return;
      for (;;) {
        const stored = await store.readAll(checkpoint, 500);
        if (stored.length === 0) return;
        checkpoint = stored[stored.length - 1]!.globalPosition;
        topics.publish(publicTopic(context), stored.flatMap(publicForm));
      }
    }));
}

/** A service's read model fed from the public topics, as it serves and as migrate-only prepares it. */
export function readModelRunner(
  service: string,
  connection: Connection,
  bus: MessageBus,
  projection: AnyProjection,
): ProjectionRunner {
  return new ProjectionRunner({
    service,
    connection,
    bus,
    projection,
    readEvent: readPublishedEvent,
    isPermanent: unreadableMessage,
  });
}

/**
 * A service's read side, mirroring EventSourcingModule, and global like it, so every part of the
 * context injects its read models (`@InjectReadModel`):
 * - `forService`: the read store (MONGODB_URL), one runner per projection, their start and stop,
 *   their health, and the rebuild endpoints with progress (`/projections/<name>/rebuild`);
 * - `inMemory`: the same projections run in memory (InMemoryReadModel), fed by the in-memory event
 *   store's events (as the relay would publish them) and by other services' events a spec
 *   publishes (PublishedEvents): for fast specs of a service's API, never instead of the
 *   integration tests on the read store.
 */
@Module({})
export class ReadModelModule {
  static forService(service: BoundedContext, definitions: readonly AnyProjection[]): DynamicModule {
    const runnerProviders = definitions.map((definition) => ({
      provide: readModelToken(definition),
      inject: [CONNECTION, BUS],
      useFactory: (connection: Connection, bus: MessageBus) =>
        readModelRunner(service, connection, bus, definition),
    }));
    return {
      module: ReadModelModule,
      global: true,
      controllers: [RebuildController],
      providers: [
        {
          provide: CONNECTION,
          inject: [{ token: OutageClassifier, optional: true }],
          useFactory: async (outages?: OutageClassifier) => {
            const connection = await connectReadStore(
              requiredSetting('MONGODB_URL', 'the read-model database'),
            );
            // the service's reactions and deadlines read replicas here: its outages are waited out
            outages?.add(readStoreOutageProbe(connection));
            return connection;
          },
        },
        { provide: BUS, useFactory: () => kafkaBus(`pk-${service}-read-models`) },
        ...runnerProviders,
        {
          provide: RUNNERS,
          inject: runnerProviders.map((p) => p.provide),
          useFactory: (...runners: ProjectionRunner[]) => new Map(runners.map((r) => [r.name, r])),
        },
        ReadModelLifecycle,
      ],
      exports: runnerProviders.map((p) => p.provide),
    };
  }

  static inMemory(service: BoundedContext, definitions: readonly AnyProjection[]): DynamicModule {
    const RELAY = Symbol('IN_MEMORY_RELAY');
    const modelProviders = definitions.map((definition) => ({
      provide: readModelToken(definition),
      inject: [InMemoryTopics, RELAY],
      useFactory: (topics: InMemoryTopics, relay: () => Promise<void>) =>
        new InMemoryReadModel(definition, { topics, readEvent: readPublishedEvent, beforeRead: relay }),
    }));
    return {
      module: ReadModelModule,
      global: true,
      providers: [
        { provide: InMemoryTopics, useValue: new InMemoryTopics() },
        PublishedEvents,
        {
          provide: RELAY,
          inject: [
            InMemoryTopics,
            { token: EVENT_STORE, optional: true },
            { token: PUBLIC_FORM, optional: true },
          ],
          useFactory: (
            topics: InMemoryTopics,
            store?: EventStore,
            publicForm?: (stored: EventEnvelope) => readonly EventEnvelope[],
          ) => inMemoryRelay(service, topics, store, publicForm),
        },
        ...modelProviders,
      ],
      exports: [...modelProviders.map((p) => p.provide), PublishedEvents],
    };
  }
}

/**
 * Starts a runner, trying again for a while when the broker answers with a retriable error: when
 * several services start at once over topics one of them has just created, the broker may not
 * serve the new partitions for a moment ("This server does not host this topic-partition").
 */
async function startPatiently(runner: ProjectionRunner, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runner.start();
      return;
    } catch (error) {
      const retriable = (error as { retriable?: unknown })?.retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      new Logger('read-models').warn(`${runner.name} could not start yet (${String(error)}); trying again`);
      await runner.stop().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

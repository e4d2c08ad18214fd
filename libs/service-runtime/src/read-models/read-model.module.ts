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
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { actorOf, Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { ContractViolation, type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { type MessageBus, OutageClassifier } from '@pk/kernel';
import {
  type Collections,
  type ProjectionDefinition,
  ProjectionRunner,
  readStoreOutageProbe,
  type RebuildProgress,
} from '@pk/projections';
import mongoose, { type Connection } from 'mongoose';
import { requiredSetting } from '../environment';
import { HealthChecks } from '../health';
import { kafkaBus } from '../event-sourcing/event-sourcing.module';

// each projection has its own event and collection types; the module only runs them
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProjection = ProjectionDefinition<any, any>;

const CONNECTION = Symbol('READ_MODEL_CONNECTION');
const BUS = Symbol('READ_MODEL_BUS');
const RUNNERS = Symbol('READ_MODEL_RUNNERS');

/** The injection token of one read model's runner. */
export function readModelToken(definition: { readonly name: string }): string {
  return `read-model:${definition.name}`;
}

/** Injects the runner of a read model: `@InjectReadModel(catalogStatistics) readonly model: ReadModel<…>`. */
export const InjectReadModel = (definition: { readonly name: string }) => Inject(readModelToken(definition));

/** A read model as its queries see it: typed collections of the active generation. */
export type ReadModel<TEvent extends EventEnvelope, TCollections extends Collections> = ProjectionRunner<
  TEvent,
  TCollections
>;

/** Starts every runner once the service is up, reports each at /health, stops them and the connections. */
@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RUNNERS) private readonly runners: Map<string, ProjectionRunner>,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONNECTION) private readonly connection: Connection,
    private readonly health: HealthChecks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners.values()) {
      await startPatiently(runner);
      this.health.register(`projection:${runner.name}`, () => runner.health);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const runner of this.runners.values()) await runner.stop();
    await this.bus.close();
    await this.connection.close();
  }
}

/**
 * Rebuilding a read model from zero replaces what every region's readers see: a platform
 * operation, audited with its requester (see ProjectionRunner.rebuild).
 */
@Controller('projections/:name/rebuild')
class RebuildController {
  constructor(@Inject(RUNNERS) private readonly runners: Map<string, ProjectionRunner>) {}

  @Post()
  @HttpCode(202)
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
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
 * A service's read side, mirroring EventSourcingModule: the read-model database (MONGODB_URL), one
 * runner per projection (inject with @InjectReadModel), their start and stop, their health, and
 * the rebuild endpoints with progress (`/projections/<name>/rebuild`).
 */
@Module({})
export class ReadModelModule {
  static forProjections(service: string, definitions: readonly AnyProjection[]): DynamicModule {
    const runnerProviders = definitions.map((definition) => ({
      provide: readModelToken(definition),
      inject: [CONNECTION, BUS],
      useFactory: (connection: Connection, bus: MessageBus) =>
        new ProjectionRunner({
          service,
          connection,
          bus,
          projection: definition,
          readEvent: readPublishedEvent,
          // A message that is not JSON or breaks its contract will not get better on retry.
          isPermanent: (error) => error instanceof ContractViolation || error instanceof SyntaxError,
        }),
    }));
    return {
      module: ReadModelModule,
      controllers: [RebuildController],
      providers: [
        {
          provide: CONNECTION,
          inject: [{ token: OutageClassifier, optional: true }],
          useFactory: async (outages?: OutageClassifier) => {
            const connection = await mongoose
              .createConnection(requiredSetting('MONGODB_URL', 'the read-model database'), {
                serverSelectionTimeoutMS: 10_000,
              })
              .asPromise();
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

import {
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ContractViolation, readPublishedEvent } from '@pk/contracts';
import { MessageBus } from '@pk/messaging';
import { ProjectionRunner } from '@pk/projections';
import { kafkaBus, requiredSetting } from '@pk/service-runtime';
import mongoose, { Connection } from 'mongoose';
import { catalogStatistics } from './catalog-statistics';

export const CATALOG_STATISTICS = Symbol('CATALOG_STATISTICS');
const CONNECTION = Symbol('CONNECTION');
const BUS = Symbol('BUS');

@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');

  constructor(
    @Inject(CATALOG_STATISTICS) private readonly runner: ProjectionRunner,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONNECTION) private readonly connection: Connection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
    this.logger.log(`catalog-statistics generation ${this.runner.generation} following the catalog topic`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.bus.close();
    await this.connection.close();
  }
}

@Module({
  providers: [
    {
      provide: CONNECTION,
      useFactory: () =>
        mongoose
          .createConnection(requiredSetting('MONGODB_URL', 'the read-model database'), {
            serverSelectionTimeoutMS: 10_000,
          })
          .asPromise(),
    },
    { provide: BUS, useFactory: () => kafkaBus('pk-monitoring') },
    {
      provide: CATALOG_STATISTICS,
      inject: [CONNECTION, BUS],
      useFactory: (connection: Connection, bus: MessageBus) =>
        new ProjectionRunner({
          service: 'monitoring',
          connection,
          bus,
          projection: catalogStatistics,
          readEvent: readPublishedEvent,
          // A message that is not JSON or breaks its contract will not get better on retry.
          isPermanent: (error) => error instanceof ContractViolation || error instanceof SyntaxError,
        }),
    },
    ProjectionLifecycle,
  ],
  exports: [CATALOG_STATISTICS],
})
export class ReadModelModule {}

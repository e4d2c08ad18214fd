import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { BoundedContext } from '@pk/contracts';
import type { InMemoryEventStore, Clock } from '@pk/kernel';
import type { AnyProjection } from '@pk/projections';
import { EventSourcingModule } from './event-sourcing/event-sourcing.module';
import { ReadModelModule } from './read-models/read-model.module';
import { EVENT_STORE_SETTINGS, HTTP_SETTINGS, READ_STORE_SETTINGS, type Setting } from './settings/settings';
import type { ContextDatabase } from './side-stores';

/**
 * A service, declared once: its bounded context, the module of its controllers and providers, the
 * read models it keeps, the events it stores and never publishes. `runService` runs it on its
 * servers; `ServiceKit.inMemory` runs the very same parts in memory for fast specs.
 */
export interface ServiceDefinition {
  readonly context: BoundedContext;
  /** The context's module: controllers, command and query providers; no infrastructure. */
  readonly module: Type<unknown>;
  /** Projections of the service's read store (its own read models and its replicas of others). */
  readonly readModels?: readonly AnyProjection[];
  /** Event types the service stores and never publishes (personal data, an import's progress). */
  readonly privateEvents?: readonly string[];
  /** Whether it has an event store of its own (a read-side-only service has none). Default true. */
  readonly writeSide?: boolean;
  /** Port used when PORT is absent. */
  readonly defaultPort: number;
  /** The service's own settings (beside the kit's, which settingsOf adds from the parts it has). */
  readonly settings?: readonly Setting[];
  /**
   * Tables of the service's own beside the kit's, which its stores otherwise create on first use:
   * run by the migrate-only mode (migrateService) before a release's replicas start. Idempotent.
   */
  readonly migrations?: readonly ((database: ContextDatabase) => Promise<unknown>)[];
}

/**
 * The schema of a service's settings: the kit's for the parts it has (HTTP and tokens always, the
 * event store and Kafka with a write side, the read store with read models) and its own. Start-up
 * validates it and docs/settings.md is generated from it.
 */
export function settingsOf(service: ServiceDefinition): readonly Setting[] {
  return [
    ...HTTP_SETTINGS.map((item) =>
      item.name === 'PORT' ? { ...item, default: String(service.defaultPort), optional: false } : item,
    ),
    ...(service.writeSide === false ? [] : EVENT_STORE_SETTINGS),
    ...(service.readModels?.length ? READ_STORE_SETTINGS : []),
    ...(service.settings ?? []),
  ];
}

export function defineService(definition: ServiceDefinition): ServiceDefinition {
  return definition;
}

export interface InMemoryServiceOptions {
  readonly clock?: Clock;
  /** A store the spec fills (given events) and reads (then events); a fresh one otherwise. */
  readonly store?: InMemoryEventStore;
}

@Module({})
class ServiceParts {}

/** The parts of a service, wired on its servers or in memory: what its root module imports. */
export const ServiceKit = {
  /** On its servers: the PostgreSQL event store, the relay, Kafka, the read store. */
  forService(service: ServiceDefinition): DynamicModule {
    return {
      module: ServiceParts,
      imports: [
        ...(service.writeSide === false
          ? []
          : [EventSourcingModule.forContext(service.context, { privateEvents: service.privateEvents })]),
        ...(service.readModels?.length
          ? [ReadModelModule.forService(service.context, service.readModels)]
          : []),
        service.module,
      ],
    };
  },

  /** In memory, for fast specs: the same module, projections and contracts; nothing relayed to Kafka. */
  inMemory(service: ServiceDefinition, options: InMemoryServiceOptions = {}): DynamicModule {
    return {
      module: ServiceParts,
      imports: [
        ...(service.writeSide === false
          ? []
          : [
              EventSourcingModule.inMemory(service.context, {
                privateEvents: service.privateEvents,
                clock: options.clock,
                store: options.store,
              }),
            ]),
        ReadModelModule.inMemory(service.context, service.readModels ?? []),
        service.module,
      ],
    };
  },
};

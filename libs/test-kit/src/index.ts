export { serverEndpoints, type ServerEndpoints } from './endpoints';
export { uniqueName } from './unique-name';
export { deciderSpec } from './decider-spec';
export { projectionSpec } from './projection-spec';
export {
  benchRunnerOptions,
  onTopicOfItsOwn,
  publishAll,
  runQueryBench,
  timeShapes,
} from './projection-bench';
export { publishedEvent } from './published-event';
export { providerRegistered, publishedProviderRegistered } from './catalog-events';
export { seededRandom } from './seeded-random';
export { programCard } from './program-card';
export { until } from './until';
export { reactionsFromNow } from './reactions-from-now';
export { freePort, startProcess, type StartedProcess, type StartProcessOptions } from './child-process';
export { readStoreWithCuttableBackend, type ReadStoreWithCuttableBackend } from './read-store-outage';
export {
  type CuttableTcpProxy,
  cuttableTcpProxy,
  postgresWithCuttableConnection,
  type PostgresWithCuttableConnection,
} from './tcp-proxy';
export { eventStoreContract, storeTestEvent } from './event-store-contract';
export { TestClock } from './test-clock';
export { InMemoryRelayCheckpoints } from './in-memory-relay-checkpoints';
export {
  type ApiAnswer,
  type ApiClient,
  type InMemoryService,
  type ServiceApi,
  type ServiceApiOptions,
  startInMemoryService,
  startServiceApi,
} from './service-api';
export {
  federalRoleRefusedEverywhere,
  routesWithoutAnswerSchema,
  routesWithoutAnswerSchemaOf,
  statusOnEveryRoute,
} from './openapi';

export { serverEndpoints, type ServerEndpoints } from './endpoints';
export { uniqueName } from './unique-name';
export { deciderSpec } from './decider-spec';
export { providerRegistered, publishedProviderRegistered } from './catalog-events';
export { until } from './until';
export { readStoreWithCuttableBackend, type ReadStoreWithCuttableBackend } from './read-store-outage';

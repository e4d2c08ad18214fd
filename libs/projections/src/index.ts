export {
  type Collections,
  defineProjection,
  type DocumentChange,
  type DocumentOf,
  type ProjectionDefinition,
} from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions, type RebuildProgress } from './projection-runner';
export { connectReadStore, type ReadStoreConnectionOptions } from './read-store-connection';

export {
  type Collections,
  defineProjection,
  type DocumentChange,
  type DocumentOf,
  type ProjectionDefinition,
} from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions, type RebuildProgress } from './projection-runner';
export { readStoreOutageProbe } from './read-store-probe';

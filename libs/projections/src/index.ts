export {
  type Collections,
  defineProjection,
  type DocumentChange,
  type DocumentOf,
  type ProjectionDefinition,
} from './projection';
export { collectionName } from './generations';
export { ProjectionRunner, type ProjectionRunnerOptions, type RebuildProgress } from './projection-runner';

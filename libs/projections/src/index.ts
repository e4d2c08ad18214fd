export { type DocumentChange, type ProjectionDefinition } from './projection';
export {
  collectionName,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type RebuildProgress,
} from './projection-runner';

export {
  type AnyProjection,
  type Collections,
  defineProjection,
  type DocumentChange,
  type DocumentOf,
  partitionStateSchema,
  type ProjectionDeclaration,
  type ProjectionDefinition,
} from './projection';
export {
  type AggregateDocument,
  foldPartition,
  heldFrom,
  type HeldPartition,
  type PartitionAggregate,
  partitionKey,
  type StoredPartitionState,
} from './partition-aggregate';
export {
  type Fields,
  type Filter,
  type FindOptions,
  type ReadCollection,
  type ReadModel,
  type ReadModelOf,
} from './read-model';
export { collectionName, type ProjectionState } from './generations';
export { InMemoryReadModel, type InMemoryReadModelOptions, InMemoryTopics } from './in-memory-read-model';
export { ProjectionRunner, type ProjectionRunnerOptions, type RebuildProgress } from './projection-runner';
export { connectReadStore, type ReadStoreConnectionOptions } from './read-store-connection';
export { readStoreOutageProbe } from './read-store-probe';

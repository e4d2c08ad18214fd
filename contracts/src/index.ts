export { type Actor, type EventEnvelope } from './envelope';
export { BOUNDED_CONTEXTS, type BoundedContext, PUBLIC_TOPIC_PARTITIONS, publicTopic } from './topics';
export type { EventHistory, JsonSchema } from './event-history';
// every context's event types: the generated ones and the names their events.ts gives to parts of them
export type * from './public-events.generated';
export * from './reference/vocabulary';
export { isValidSnils, snilsCheckNumber, snilsDigits } from './reference/snils';
export {
  CURRENT_SCHEMA_VERSION,
  PUBLIC_EVENTS,
  PUBLIC_EVENT_TYPES,
  type PublicEvent,
  type PublicEventType,
  contextOf,
  dataSchemas,
  eventName,
  isPublicEventType,
} from './registry';
export {
  ContractViolation,
  UnknownEventType,
  assertAppendable,
  assertPublishable,
  readPublishedEvent,
  upcastStoredEvent,
} from './validation';
export { KAFKA_HEADERS, kafkaHeaders } from './headers';
export { buildAsyncApiDocument } from './asyncapi';
export { goldenExample } from './examples';
export { DIRECTORY_ID_NAMESPACE, type DirectoryName, directoryId } from './catalog/directory-id';
export {
  REGIONS,
  REGION_CODES,
  type KnownRegion,
  type RegionFacts,
  UnknownRegion,
  isRegionCode,
  regionTimeZone,
} from './reference/regions';
export { endOfRegionDay, regionDateOf, regionToday, startOfRegionDay } from './reference/region-calendar';

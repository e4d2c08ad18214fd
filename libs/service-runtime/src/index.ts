export { configureHttp, connectReactions, runService, type ServiceOptions } from './bootstrap';
export {
  HealthChecks,
  type HealthReport,
  HealthModule,
  SERVICE_IDENTITY,
  type ServiceIdentity,
} from './health';
export { ProblemDetailsFilter, type ProblemDetails } from './http/problem-details';
export { requestValidation } from './http/validation';
export { Consumes, MediaTypeGuard } from './http/media-type';
export { canonicalId, EntityId, EntityIdPipe } from './http/identifiers';
export { Text, type TextRule } from './http/text';
export { RegionCode } from './http/region';
export { CommandAccepted } from './http/command-accepted';
export { JSON_BODY_LIMIT, JSON_BODY_MAX_DEPTH } from './http/body';
export {
  EventSourcingModule,
  type EventSourcingOptions,
  type InMemoryEventSourcingOptions,
  kafkaBus,
} from './event-sourcing/event-sourcing.module';
export { EventSourcing, type HandlerHooks } from './event-sourcing/event-sourcing.service';
export { contractSchemas, publicFormOf } from './event-sourcing/contract-schemas';
export { CLOCK, EVENT_STORE, MESSAGE_BUS, SCHEDULE } from './event-sourcing/tokens';
export { EventTransport, NoReactions, ReactionErrorsPassThrough } from './reactions/event-transport';
export {
  DeadLetterReplays,
  InMemoryDeadLetterReplays,
  PostgresDeadLetterReplays,
  type RecordedReplay,
} from './reactions/dead-letter-replays';
export {
  InjectReadModel,
  type ReadModel,
  ReadModelModule,
  readModelToken,
} from './read-models/read-model.module';
export { requiredSetting } from './environment';
export {
  type CsvColumns,
  type CsvEncoding,
  CsvFileRefused,
  type CsvRow,
  type CsvSeparator,
  readCsv,
} from './imports/csv-table';
export {
  ImportReportStore,
  InMemoryImportReportStore,
  PostgresImportReportStore,
  type StoredImportReport,
} from './imports/import-reports';

export { configureHttp, connectReactions, runService } from './bootstrap';
export {
  settingsOf,
  defineService,
  type InMemoryServiceOptions,
  type ServiceDefinition,
  ServiceKit,
} from './service-definition';
export {
  HealthChecks,
  type HealthReport,
  HealthModule,
  SERVICE_IDENTITY,
  type ServiceIdentity,
} from './health';
export {
  type ConsumerSource,
  type ImportActivity,
  OVERDUE_AFTER_MS,
  type ProjectionSource,
  ServiceMetrics,
} from './metrics';
export { READY_MAX_READ_MODEL_LAG } from './read-models/readiness';
export { ProblemDetailsFilter, type ProblemDetails } from './http/problem-details';
export { requestValidation } from './http/validation';
export { Consumes, MediaTypeGuard } from './http/media-type';
export { canonicalId, EntityId, EntityIdPipe } from './http/identifiers';
export { csvCell, spreadsheetCell } from './http/spreadsheet-cell';
export { hiddenText, Text, type TextRule } from './http/text';
export { RegionCode, regionCodeProblem } from './http/region';
export { CommandAccepted, etagOf, Versioned } from './http/command-accepted';
export { JSON_BODY_LIMIT, JSON_BODY_MAX_DEPTH } from './http/body';
export {
  EventSourcingModule,
  type EventSourcingOptions,
  type InMemoryEventSourcingOptions,
  kafkaBus,
} from './event-sourcing/event-sourcing.module';
export { EventSourcing } from './event-sourcing/event-sourcing.service';
export { contractSchemas, publicFormOf } from './event-sourcing/contract-schemas';
export { CLOCK, EVENT_STORE, MESSAGE_BUS, SCHEDULE } from './event-sourcing/tokens';
export {
  EventTransport,
  NoReactions,
  ReactionErrorsPassThrough,
  reactionsGroupOf,
} from './reactions/event-transport';
export {
  DeadLetterReplays,
  InMemoryDeadLetterReplays,
  PostgresDeadLetterReplays,
  type RecordedReplay,
} from './reactions/dead-letter-replays';
export {
  InjectReadModel,
  PublishedEvents,
  ReadModelModule,
  readModelToken,
} from './read-models/read-model.module';
export { requiredSetting } from './environment';
export {
  ActorLogContext,
  correlationMiddleware,
  type LogFormat,
  type LoggingOptions,
  loggingModule,
  useServiceLogger,
} from './logging';
export {
  EVENT_STORE_SETTINGS,
  HTTP_SETTINGS,
  IMPORT_SETTINGS,
  READ_STORE_SETTINGS,
  type Setting,
  setting,
  type SettingProblem,
  SettingsRefused,
  settingText,
  validateSettings,
} from './settings/settings';
export { settingsTable } from './settings/settings-table';
export {
  type CsvColumns,
  type CsvEncoding,
  type CsvFile,
  CsvFileRefused,
  type CsvRow,
  type CsvSeparator,
  csvRows,
  inspectCsv,
  readCsv,
} from './imports/csv';
export {
  type Accepted,
  type ImportCounts,
  type ImportReport,
  ImportStore,
  InMemoryImportStore,
  PostgresImportStore,
  type Rejection,
} from './imports/import-store';
export {
  type ImportFormat,
  ImportRunner,
  type RowAccepted,
  type RowOutcome,
  type RowProblem,
  type RowResult,
} from './imports/import-runner';
export { ImportsModule } from './imports/imports.module';
export { CONTEXT_DATABASE, type ContextDatabase, sideStore } from './side-stores';
export { migrateOnlyRequested, migrateService } from './migrations';

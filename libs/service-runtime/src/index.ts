export { bootstrapService, configureHttp, runService, type ServiceOptions } from './bootstrap';
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
export { Text, textProblem, type TextRule } from './http/text';
export { JSON_BODY_LIMIT, JSON_BODY_MAX_DEPTH } from './http/body';
export { EVENT_STORE, EventSourcingModule, kafkaBus, MESSAGE_BUS } from './event-sourcing.module';
export { requiredSetting } from './environment';

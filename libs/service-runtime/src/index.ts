export { bootstrapService, configureHttp, runService, type ServiceOptions } from './bootstrap';
export { HealthModule, SERVICE_IDENTITY, type ServiceIdentity } from './health';
export { ProblemDetailsFilter, type ProblemDetails } from './problem-details';
export { requestValidation } from './validation';
export { EVENT_STORE, EventSourcingModule, kafkaBus, MESSAGE_BUS } from './event-sourcing.module';
export { requiredSetting } from './environment';

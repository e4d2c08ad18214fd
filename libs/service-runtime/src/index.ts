export { bootstrapService, runService, type ServiceOptions } from './bootstrap';
export { HealthModule, SERVICE_IDENTITY, type ServiceIdentity } from './health';

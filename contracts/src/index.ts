export { type Actor, type EventEnvelope } from './envelope';
export { BOUNDED_CONTEXTS, type BoundedContext, publicTopic } from './topics';

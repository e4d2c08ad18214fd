export { BOUNDED_CONTEXTS, type BoundedContext, publicTopic } from './topics';

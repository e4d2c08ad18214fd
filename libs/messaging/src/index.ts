export {
  deadLetterTopicOf,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type RunningSubscription,
  type SubscriptionSpec,
  type TopicSpec,
} from './message-bus';
export { KafkaMessageBus, type KafkaMessageBusOptions } from './kafka-message-bus';
export {
  EventRelay,
  type EventRelayOptions,
  type ParkedEvent,
  type RelayProgress,
  type RelayCheckpoints,
  type RelayLease,
  toMessage,
} from './event-relay';
export { muteKafkaJsTimeoutWarning } from './quiet-warnings';

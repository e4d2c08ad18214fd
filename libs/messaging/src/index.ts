export { KafkaMessageBus, type KafkaMessageBusOptions } from './kafka-message-bus';
export { muteKafkaJsTimeoutWarning } from './quiet-warnings';

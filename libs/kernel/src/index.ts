export {
  type CommandMetadata,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  DomainConflict,
  DomainError,
  foldEvents,
  unknownCommand,
} from './decider';
export {
  type AppendResult,
  checkAppend,
  DuplicateEventId,
  InvalidAppend,
  MAX_REVISION,
  type EventStore,
  type ExpectedRevision,
  type LoggedEvent,
  type NewEvent,
  type ReadStreamOptions,
  WrongExpectedRevision,
} from './event-store';
export { InMemoryEventStore } from './in-memory-event-store';
export {
  CommandHandler,
  type CommandContext,
  type CommandHandlerOptions,
  type CommandOutcome,
  ConcurrencyConflict,
  type EventSchemas,
  type HandlerHooks,
  RevisionMismatch,
  type CommandObserver,
  type CommandVerdict,
} from './command-handler';
export { Aggregates } from './aggregates';
export { type Aggregate, defineAggregate, defineFold, type Fold, type StreamKind } from './aggregate';
export { type Clock, systemClock } from './clock';
export { consoleLog, type Log } from './log';
export { currentLogContext, type LogContext, withLogContext } from './log-context';
export {
  type DeadLetterReplay,
  deadLetterTopicOf,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type PartitionLag,
  type RunningSubscription,
  type SubscriptionSpec,
  type SubscriptionStatus,
  type TopicSpec,
} from './message-bus';
export {
  EventRelay,
  type EventRelayOptions,
  type ParkedEvent,
  type RelayCheckpoints,
  type RelayLease,
  type RelayProgress,
  toMessage,
} from './relay';
export { issue, type IssuedCommand, type Reaction, type ReactionOutcome, ReactionRunner } from './reaction';
export { ReplicaBehind } from './replica-behind';
export {
  contextOfTraceparent,
  currentTraceparent,
  endSpan,
  inBatchSpan,
  inSpan,
  startPublishSpan,
  tracer,
} from './trace-context';
export {
  type FiredCommand,
  InMemorySchedule,
  type ScheduledCommand,
  type Schedule,
  Scheduler,
  type SchedulerOptions,
  type SchedulerProgress,
} from './schedule';
export { causesOf, isNetworkError, type OutageProbe, OutageClassifier } from './outages';
export { within } from './within';

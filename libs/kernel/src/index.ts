export { type Decider, type DomainEvent, DomainError, foldEvents } from './decider';
export {
  type AppendResult,
  checkAppend,
  DuplicateEventId,
  InvalidAppend,
  MAX_REVISION,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamOptions,
  WrongExpectedRevision,
} from './event-store';
export {
  CommandHandler,
  type CommandContext,
  type CommandHandlerOptions,
  type CommandOutcome,
  ConcurrencyConflict,
} from './command-handler';
export { followGlobalLog, type Following, type FollowOptions } from './follow';

import {
  assertAppendable,
  ContractViolation,
  CURRENT_SCHEMA_VERSION,
  type EventEnvelope,
  isPublicEventType,
  readPublishedEvent,
  upcastStoredEvent,
} from '@pk/contracts';
import type { EventSchemas } from '@pk/kernel';

/**
 * A context's events as the contracts describe them: public types are written in their current
 * version, read upcast from older ones, and checked before they are stored; private types (kept in
 * the store, never published) must be declared, and are taken as stored. Any other type is refused,
 * so a typo cannot slip an unpublishable event into the store.
 */
export function contractSchemas(privateEvents: readonly string[] = []): EventSchemas {
  const isPrivate = (type: string) => privateEvents.includes(type);
  const refuse = (type: string): never => {
    throw new Error(`event type ${type} is neither in the contracts nor declared private to this service`);
  };
  return {
    versionOf: (type) =>
      isPublicEventType(type) ? CURRENT_SCHEMA_VERSION[type] : isPrivate(type) ? 1 : refuse(type),
    // checked when appended: loading a stream upcasts, it does not check every event again
    upcast: (stored: EventEnvelope) => (isPrivate(stored.type) ? stored : upcastStoredEvent(stored)),
    check: (type, data) => (isPrivate(type) ? undefined : assertAppendable(type, data)),
  };
}

/** What the relay publishes of a stored event: its current public form, or nothing for a private one. */
export function publicFormOf(privateEvents: readonly string[] = []) {
  return (stored: EventEnvelope): EventEnvelope[] =>
    privateEvents.includes(stored.type) ? [] : [readPublishedEvent(stored)];
}

/**
 * A public message that is not JSON or breaks its contract: it will not get better on a retry, so
 * a consumer (reactions, projections) dead-letters it at once.
 */
export const unreadableMessage = (error: unknown): boolean =>
  error instanceof ContractViolation || error instanceof SyntaxError;

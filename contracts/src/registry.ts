import { CATALOG_EVENTS } from './catalog/history';
import { DIAGNOSTICS_EVENTS } from './diagnostics/history';
import { ENROLLMENT_EVENTS } from './enrollment/history';
import { EXPERTISE_EVENTS } from './expertise/history';
import { VOUCHERS_EVENTS } from './vouchers/history';
import type { EventHistory, JsonSchema } from './event-history';
import type { PublicEvent } from './public-events.generated';
import type { BoundedContext } from './topics';

// PublicEvent joins the unions of every context with schemas; it is generated (npm run contracts:generate).
export type { PublicEvent };
export type PublicEventType = PublicEvent['type'];

/**
 * The registry: each public event type with all its versions' schemas and upcasters. A context's
 * history missing here is a type error: PublicEvent has its types, and this record needs them all.
 */
export const PUBLIC_EVENTS: Readonly<Record<PublicEventType, EventHistory>> = {
  ...CATALOG_EVENTS,
  ...EXPERTISE_EVENTS,
  ...DIAGNOSTICS_EVENTS,
  ...ENROLLMENT_EVENTS,
  ...VOUCHERS_EVENTS,
};

export const PUBLIC_EVENT_TYPES = Object.keys(PUBLIC_EVENTS) as readonly PublicEventType[];

/** The version publishers must send and consumers receive after upcasting. */
export const CURRENT_SCHEMA_VERSION = Object.fromEntries(
  PUBLIC_EVENT_TYPES.map((type) => [type, PUBLIC_EVENTS[type].superseded.length + 1]),
) as Readonly<Record<PublicEventType, number>>;

/** Data schemas of every version of a type: index 0 is v1, the last is current. */
export function dataSchemas(type: PublicEventType): readonly JsonSchema[] {
  const { superseded, current } = PUBLIC_EVENTS[type];
  return [...superseded.map((version) => version.schema), current];
}

export function isPublicEventType(type: string): type is PublicEventType {
  return Object.hasOwn(PUBLIC_EVENTS, type);
}

/** The context that publishes a type (the part before the dot), hence its source and topic. */
export function contextOf(type: PublicEventType): BoundedContext {
  return type.slice(0, type.indexOf('.')) as BoundedContext;
}

/** The type without its context: "ProviderRegistered"; names the schema and example files. */
export function eventName(type: PublicEventType): string {
  return type.slice(type.indexOf('.') + 1);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope } from './envelope';
import {
  contextOf,
  CURRENT_SCHEMA_VERSION,
  eventName,
  type PublicEvent,
  type PublicEventType,
} from './registry';

/**
 * The golden example of an event type (contracts/examples), at its current version unless asked:
 * one real envelope per version, checked by the contract tests. Fixtures of other tests start from
 * these, so they can never drift from the contract.
 */
export function goldenExample<TType extends PublicEventType>(
  type: TType,
  version: number = CURRENT_SCHEMA_VERSION[type],
): Extract<PublicEvent, { type: TType }> {
  const file = join(__dirname, '..', 'examples', contextOf(type), `${eventName(type)}.v${version}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Extract<PublicEvent, { type: TType }> & EventEnvelope;
}

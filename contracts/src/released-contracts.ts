// The released contracts (contracts/released/) beside the repository's events now, for the gate's
// spec and for `npm run contracts:release`. Not part of the package's index: nothing at run time reads it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CurrentContract, ReleasedContract } from './contract-gate';
import type { JsonSchema } from './event-history';
import { PUBLIC_EVENTS, PUBLIC_EVENT_TYPES, contextOf } from './registry';
import { BOUNDED_CONTEXTS, type BoundedContext } from './topics';

export const RELEASED_DIR = join(__dirname, '..', 'released');
export const CHANGELOG = join(__dirname, '..', 'CHANGELOG.md');
export const ENVELOPE_SCHEMA = join(__dirname, '..', 'schemas', 'envelope.schema.json');
export const RELEASED_ENVELOPE = join(RELEASED_DIR, 'envelope.schema.json');

/** The contexts that publish events: those with at least one type in the registry. */
export const PUBLISHING_CONTEXTS: readonly BoundedContext[] = BOUNDED_CONTEXTS.filter((context) =>
  PUBLIC_EVENT_TYPES.some((type) => contextOf(type) === context),
);

export const releasedFile = (context: string) => join(RELEASED_DIR, `${context}.json`);

/** What a context released last, or an empty release before its first. */
export function releasedContract(context: BoundedContext): ReleasedContract {
  const file = releasedFile(context);
  if (!existsSync(file)) return { context, version: '1.0', releasedOn: '', events: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as ReleasedContract;
}

/** A context's events as the registry has them: every version's schema and its upcasters. */
export function currentContract(context: BoundedContext): CurrentContract {
  return {
    context,
    events: Object.fromEntries(
      PUBLIC_EVENT_TYPES.filter((type) => contextOf(type) === context).map((type) => {
        const { superseded, current } = PUBLIC_EVENTS[type];
        return [
          type,
          { schemas: [...superseded.map((v) => v.schema), current], upcasters: superseded.length },
        ];
      }),
    ),
  };
}

export const readJson = (file: string): JsonSchema => JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;

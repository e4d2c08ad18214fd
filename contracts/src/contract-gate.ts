// The contract gate: what a context has released stays as it was released. A subscriber that deployed
// against a released version validates with that version's schema (every `data` forbids fields it
// does not name), so any change to what the schema accepts — a field added, removed or renamed, a
// type or pattern narrowed, an enum value dropped or added — can break it. A change that keeps
// subscribers working is therefore never an edit: it is a new version, with the upcaster that
// brings older events to it (the registry refuses a version without one). Only annotations
// (titles, descriptions, comments, examples) may change in a released version.
//
// The released schemas live in contracts/released/<context>.json, written by
// `npm run contracts:release`, which also bumps the context's contract version and writes
// contracts/CHANGELOG.md. The gate runs in npm test (contract-gate.spec.ts).
import type { JsonSchema } from './event-history';
import { forEachSubschema } from './subschemas';

/** What a context released: its contract version and every event version's data schema. */
export interface ReleasedContract {
  readonly context: string;
  /** major.minor: the major is the topic's (pk.<context>.events.v1); a release of additions bumps the minor. */
  readonly version: string;
  readonly releasedOn: string;
  /** type → version ("1", "2", …) → data schema as released. */
  readonly events: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;
}

/** A context's events as the repository has them now: each type's schemas, v1 first, and its upcasters. */
export interface CurrentContract {
  readonly context: string;
  readonly events: Readonly<
    Record<string, { readonly schemas: readonly JsonSchema[]; readonly upcasters: number }>
  >;
}

/** Why the gate refuses, one line a problem, naming the type, the version and where it differs. */
export interface GateVerdict {
  readonly refused: readonly string[];
  /** What exists now and was never released: what the next release would add. */
  readonly unreleased: readonly string[];
}

/** Keywords that describe and do not constrain: a released schema may change these. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'deprecated']);

/** The schema without its annotations, at every depth (a property named "title" stays). */
export function constraintsOf(schema: JsonSchema): JsonSchema {
  const copy = structuredClone(schema) as Record<string, unknown>;
  const strip = (node: Record<string, unknown>) => {
    for (const keyword of Object.keys(node)) if (ANNOTATIONS.has(keyword)) delete node[keyword];
  };
  strip(copy);
  forEachSubschema(copy, (subschema) => strip(subschema as Record<string, unknown>));
  return copy;
}

/** The JSON Pointer of the first place two values differ, or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, pointer = ''): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return pointer || '/';
  if (Array.isArray(a) !== Array.isArray(b)) return pointer || '/';
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const at = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
    );
    if (at !== null) return at;
  }
  return null;
}

/** Compares a context's events now with what it released. */
export function checkContract(released: ReleasedContract, current: CurrentContract): GateVerdict {
  const refused: string[] = [];
  const unreleased: string[] = [];
  for (const [type, versions] of Object.entries(released.events)) {
    const now = current.events[type];
    if (!now) {
      refused.push(
        `${type}: released (v${Object.keys(versions).join(', v')}) and gone; a subscriber still reads it, and its events stay on the topic`,
      );
      continue;
    }
    for (const [version, schema] of Object.entries(versions)) {
      const schemaNow = now.schemas[Number(version) - 1];
      if (!schemaNow) {
        refused.push(`${type} v${version}: released and gone; its events stay on the topic`);
        continue;
      }
      const at = firstDifference(constraintsOf(schema), constraintsOf(schemaNow));
      if (at !== null) {
        refused.push(
          `${type} v${version}: changed at ${at} since its release; a released version never changes — ` +
            `add v${now.schemas.length + 1} with an upcaster from v${now.schemas.length} instead`,
        );
      }
    }
  }
  for (const [type, { schemas, upcasters }] of Object.entries(current.events)) {
    if (upcasters !== schemas.length - 1) {
      refused.push(
        `${type}: ${schemas.length} versions and ${upcasters} upcasters; each version after v1 needs one`,
      );
    }
    schemas.forEach((_, index) => {
      if (!released.events[type]?.[String(index + 1)]) unreleased.push(`${type} v${index + 1}`);
    });
  }
  return { refused, unreleased };
}

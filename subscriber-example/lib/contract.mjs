// What this subscriber knows of the platform's public contract. Everything comes from the JSON
// Schemas the platform publishes in contracts/schemas (the envelope and every version of every
// enrollment event) and from the AsyncAPI document (contracts/asyncapi.yaml: the topic, the key, the
// headers); nothing is imported from the platform's code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The event types this subscriber acts on, and the schema version its code reads. Everything else
 * on the topic is read past. A type's data only grows (a new field, a new enum value), and each
 * growth is a new version: see `decide` for what happens to versions other than this one.
 */
export const HANDLED = { 'enrollment.CourseCompleted': 1 };

/**
 * Upcasters per handled type, the i-th turning version i+1 into version i+2: once the code reads
 * CourseCompleted v2, events published as v1 before v2 existed are still on the topic, and the
 * first entry here turns them into v2 (a field v1 lacks becomes the explicit unknown the v2 schema
 * describes, e.g. null). Empty while the code reads v1.
 */
const UPCASTERS = { 'enrollment.CourseCompleted': [] };

/**
 * Compiles the schemas found in `schemasDir` (a copy of contracts/schemas: envelope.schema.json
 * and the enrollment/ folder) and answers `decide`, which says what to do with a message's value.
 */
export function loadContract(schemasDir) {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const envelope = ajv.compile(readJson(path.join(schemasDir, 'envelope.schema.json')));
  /** `<type> v<version>` → its data's validator */
  const data = new Map();
  for (const file of readdirSync(path.join(schemasDir, 'enrollment'))) {
    const match = /^([A-Za-z]+)\.v(\d+)\.schema\.json$/.exec(file);
    if (match) {
      data.set(
        `enrollment.${match[1]} v${match[2]}`,
        ajv.compile(readJson(path.join(schemasDir, 'enrollment', file))),
      );
    }
  }
  const knownTypes = new Set([...data.keys()].map((key) => key.split(' ')[0]));
  return { decide: (value) => decide(value, { envelope, data, knownTypes }) };
}

/**
 * What to do with one message value (a Buffer or string): a pure function of the value and the
 * schemas, so every path below is plain to read and to test.
 *
 * - `{ action: 'apply', envelope }`: a CourseCompleted this code reads, valid, at the version it
 *   reads (upcast if it was older);
 * - `{ action: 'set-aside', reason, envelope? }`: something this subscriber should act on but
 *   cannot (a newer version of a handled type, data or an envelope its schema refuses): kept with
 *   the reason rather than lost, for a person to look at and replay after an update;
 * - `{ action: 'skip', reason, envelope }`: not for this subscriber: a type it does not handle
 *   (known or not), at any version. Logged when it is a type or version it has never heard of.
 */
export function decide(value, { envelope: validEnvelope, data, knownTypes }) {
  let parsed;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    return { action: 'set-aside', reason: 'the message value is not JSON' };
  }
  if (!validEnvelope(parsed)) {
    return { action: 'set-aside', reason: `not an event envelope: ${problems(validEnvelope.errors)}` };
  }
  const { type, schemaVersion } = parsed;
  const handled = HANDLED[type];
  if (handled === undefined) {
    if (!knownTypes.has(type))
      return { action: 'skip', reason: `unknown event type ${type}`, envelope: parsed, log: true };
    if (!data.has(`${type} v${schemaVersion}`)) {
      return {
        action: 'skip',
        reason: `${type} v${schemaVersion} is newer than the schemas here`,
        envelope: parsed,
        log: true,
      };
    }
    return { action: 'skip', reason: `${type} is not handled here`, envelope: parsed, log: false };
  }
  if (schemaVersion > handled) {
    // Skipping it would lose a completion: keep it until the code reads that version.
    return {
      action: 'set-aside',
      reason: `${type} v${schemaVersion} is newer than v${handled}, which this subscriber reads: update it, then replay what was set aside`,
      envelope: parsed,
    };
  }
  const validData = data.get(`${type} v${schemaVersion}`);
  if (!validData)
    return { action: 'set-aside', reason: `no schema for ${type} v${schemaVersion}`, envelope: parsed };
  if (!validData(parsed.data)) {
    return {
      action: 'set-aside',
      reason: `${type} v${schemaVersion}: ${problems(validData.errors)}`,
      envelope: parsed,
    };
  }
  let current = parsed.data;
  for (let version = schemaVersion; version < handled; version++)
    current = UPCASTERS[type][version - 1](current);
  return { action: 'apply', envelope: { ...parsed, schemaVersion: handled, data: current } };
}

function problems(errors) {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import envelopeSchema from '../schemas/envelope.schema.json';
import type { EventEnvelope } from './envelope';
import {
  CURRENT_SCHEMA_VERSION,
  PUBLIC_EVENTS,
  PUBLIC_EVENT_TYPES,
  contextOf,
  dataSchemas,
  isPublicEventType,
  type PublicEvent,
  type PublicEventType,
} from './registry';

/** An event that breaks the public contract; each issue names the JSON Pointer path and the fault. */
export class ContractViolation extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'ContractViolation';
  }
}

/**
 * A well-formed envelope of a type this build does not know. Its own class because the right reaction
 * differs: a consumer that subscribes to a whole topic usually skips types it does not handle.
 */
export class UnknownEventType extends ContractViolation {
  constructor(readonly type: string) {
    super([`envelope: /type "${type}" is not a registered event type`]);
    this.name = 'UnknownEventType';
  }
}

// Compiled once at load: strict mode turns a mistyped keyword in a schema into a load error
// rather than a constraint that silently never applies.
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateEnvelope = ajv.compile<EventEnvelope>(envelopeSchema);
const validateData = Object.fromEntries(
  PUBLIC_EVENT_TYPES.map((type) => [type, dataSchemas(type).map((schema) => ajv.compile(schema))]),
) as Record<PublicEventType, ValidateFunction[]>;

/**
 * Events readPublishedEvent returned: checked and in the current version already, so the relay does not
 * check each one a second time on the way out. Frozen, so what was checked is what is sent.
 */
const checked = new WeakSet<object>();

/** Checks an envelope before it is produced to Kafka: only the current version of a known type passes. */
export function assertPublishable(envelope: unknown): asserts envelope is PublicEvent {
  if (typeof envelope === 'object' && envelope !== null && checked.has(envelope)) return;
  const { type, schemaVersion, data } = checkEnvelope(envelope);
  const current = CURRENT_SCHEMA_VERSION[type];
  if (schemaVersion !== current) {
    throw new ContractViolation([
      `${type} v${schemaVersion}: /schemaVersion must be ${current}, the current one`,
    ]);
  }
  checkData(type, current, data);
}

/**
 * Checks an event's data before it is stored: an event the relay would refuse must never reach the
 * event store, where it would stay for good and hold the relay back.
 */
export function assertAppendable(type: string, data: unknown): void {
  if (!isPublicEventType(type)) throw new UnknownEventType(type);
  checkData(type, CURRENT_SCHEMA_VERSION[type], data);
}

/**
 * Checks a consumed envelope against the schema of its own version, then upcasts its data step by
 * step to the current version. Throws UnknownEventType for types this build does not know.
 */
export function readPublishedEvent(raw: unknown): PublicEvent {
  const envelope = checkEnvelope(raw);
  const { type, schemaVersion } = envelope;
  const current = CURRENT_SCHEMA_VERSION[type];
  if (schemaVersion > current) {
    // a producer already on a newer contract: this consumer must update @pk/contracts to read it
    throw new ContractViolation([
      `${type} v${schemaVersion}: /schemaVersion is newer than the known v${current}`,
    ]);
  }
  checkData(type, schemaVersion, envelope.data);
  let data = envelope.data;
  for (const step of PUBLIC_EVENTS[type].superseded.slice(schemaVersion - 1)) {
    data = (step.upcast as (data: unknown) => unknown)(data);
  }
  // an upcaster's output must meet the current schema like any published data
  if (schemaVersion < current) checkData(type, current, data, ` (upcast from v${schemaVersion})`);
  const event = Object.freeze({ ...envelope, schemaVersion: current, data }) as PublicEvent;
  checked.add(event);
  return event;
}

/**
 * A stored event of the publisher's own store, in its type's current version: upcast, not checked
 * again. It met its contract when it was appended (assertAppendable), and a store is not a topic
 * anyone else writes to — so reading a stream costs the upcasters alone, not a schema check per
 * event every time a command loads it. Events from a topic go through readPublishedEvent.
 */
export function upcastStoredEvent(stored: EventEnvelope): PublicEvent {
  if (!isPublicEventType(stored.type)) throw new UnknownEventType(stored.type);
  const current = CURRENT_SCHEMA_VERSION[stored.type];
  if (stored.schemaVersion === current) return stored as PublicEvent;
  let data = stored.data;
  for (const step of PUBLIC_EVENTS[stored.type].superseded.slice(stored.schemaVersion - 1)) {
    data = (step.upcast as (data: unknown) => unknown)(data);
  }
  return { ...stored, schemaVersion: current, data } as PublicEvent;
}

function checkEnvelope(raw: unknown): EventEnvelope<PublicEventType> {
  if (!validateEnvelope(raw)) throw new ContractViolation(issuesOf(validateEnvelope, 'envelope', ''));
  if (!isPublicEventType(raw.type)) throw new UnknownEventType(raw.type);
  // the source is fixed by the type: subscribers rely on one context per topic
  const source = `pk/${contextOf(raw.type)}`;
  if (raw.source !== source)
    throw new ContractViolation([`envelope: /source must be "${source}" for ${raw.type}`]);
  return raw as EventEnvelope<PublicEventType>;
}

function checkData(type: PublicEventType, version: number, data: unknown, note = ''): void {
  const validate = validateData[type][version - 1];
  if (!validate(data)) throw new ContractViolation(issuesOf(validate, `${type} v${version}${note}`, '/data'));
}

function issuesOf(validate: ValidateFunction, label: string, at: string): string[] {
  return (
    withChoicesJoined(validate.errors ?? [])
      // an if/then failure also reports the failing "then" keywords themselves; those say more
      .filter((error) => error.keyword !== 'if')
      .map((error) => `${label}: ${issue(error, at + error.instancePath)}`)
  );
}

/**
 * A field whose values are a vocabulary term or a few more (anyOf: [{enum}, {const}]) fails as one
 * enum would: one issue naming every allowed value, not one per branch and one for the anyOf.
 */
function withChoicesJoined(errors: readonly ErrorObject[]): ErrorObject[] {
  const branchesOf = (anyOf: ErrorObject): ErrorObject[] =>
    errors.filter((error) => error.schemaPath.startsWith(`${anyOf.schemaPath}/`));
  const choices = errors.filter(
    (error) =>
      error.keyword === 'anyOf' &&
      branchesOf(error).every((branch) => branch.keyword === 'enum' || branch.keyword === 'const'),
  );
  const joined = new Map(
    choices.map((anyOf): [ErrorObject, ErrorObject] => [
      anyOf,
      {
        ...anyOf,
        keyword: 'enum',
        params: {
          allowedValues: branchesOf(anyOf).flatMap((branch) =>
            branch.keyword === 'enum' ? branch.params.allowedValues : [branch.params.allowedValue],
          ),
        },
      },
    ]),
  );
  const replaced = new Set(choices.flatMap(branchesOf));
  return errors.filter((error) => !replaced.has(error)).map((error) => joined.get(error) ?? error);
}

function issue(error: ErrorObject, path: string): string {
  switch (error.keyword) {
    case 'required':
      return `${path}/${pointerToken(error.params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${path}/${pointerToken(error.params.additionalProperty)} is not allowed`;
    case 'enum':
      return `${path} must be one of ${error.params.allowedValues.join(', ')}`;
    default:
      return path ? `${path} ${error.message}` : `${error.message}`;
  }
}

// JSON Pointer escaping (RFC 6901), as ajv does for instancePath
function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

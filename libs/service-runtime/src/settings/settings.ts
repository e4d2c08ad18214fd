import { readFileSync } from 'node:fs';
import { READY_MAX_READ_MODEL_LAG } from '../read-models/readiness';
import { z } from 'zod';
import { ABANDONED_AFTER_MS, CHUNK_ROWS } from '../imports/import-runner';

/**
 * One setting a service reads from its environment: the zod schema its text must pass, what it
 * should be (said when it does not), what it is for, and its default when it may be absent.
 * Secrets (`secret: true`) may come from a file instead: `<NAME>_FILE` names it, as Kubernetes and
 * Docker mount secrets, so a password never has to sit in a variable.
 */
export interface Setting {
  readonly name: string;
  /** What the service does with it: one sentence for the operator's table. */
  readonly meaning: string;
  /** What a valid value looks like: "a postgres:// URL", "an integer from 1 to 10000". */
  readonly expected: string;
  readonly schema: z.ZodType;
  /** The value used when the setting is absent; none means the service cannot start without it. */
  readonly default?: string;
  /** Optional with no default: the part that reads it has its own rule (e.g. one of two keys). */
  readonly optional?: boolean;
  /** May be given as a file named by `<NAME>_FILE` (passwords, keys). */
  readonly secret?: boolean;
}

export function setting(definition: Setting): Setting {
  return definition;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const nonEmpty = z.string().trim().min(1);

/** HTTP and tokens: every service. */
export const HTTP_SETTINGS: readonly Setting[] = [
  setting({
    name: 'PORT',
    meaning: 'The HTTP port of the service (API, /health, /openapi).',
    expected: 'an integer from 1 to 65535',
    schema: integer(1, 65_535),
    default: "the service's own (3101…3106)",
    optional: true,
  }),
  setting({
    name: 'HOST',
    meaning: 'The address the HTTP server binds; 0.0.0.0 in a container.',
    expected: 'an IP address or host name',
    schema: nonEmpty,
    default: '127.0.0.1',
  }),
  setting({
    name: 'AUTH_PUBLIC_KEY',
    meaning:
      'The Ed25519 public key (PEM, SPKI) that verifies access tokens; a one-line PEM with literal \\n is unfolded.',
    expected: 'a PEM public key ("-----BEGIN PUBLIC KEY-----…")',
    schema: z.string().includes('BEGIN PUBLIC KEY', { message: 'not a PEM public key' }),
    secret: true,
  }),
  setting({
    name: 'LOG_LEVEL',
    meaning: 'The lowest level written to the log.',
    expected: 'one of fatal, error, warn, info, debug, trace',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
    default: 'info',
  }),
  setting({
    name: 'LOG_FORMAT',
    meaning: 'json: one JSON object a line (production); pretty: coloured lines for a developer (npm start).',
    expected: 'json or pretty',
    schema: z.enum(['json', 'pretty']),
    default: 'json',
  }),
  setting({
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    meaning:
      'Turns tracing on: the OpenTelemetry collector taking spans over OTLP/HTTP; absent, nothing is traced.',
    expected: 'an http:// or https:// URL, e.g. http://otel-collector:4318',
    schema: z.string().regex(/^https?:\/\/\S+$/, { message: 'not an http(s):// URL' }),
    optional: true,
  }),
];

/** The event store, its relay and the reactions' consumer: services with a write side. */
export const EVENT_STORE_SETTINGS: readonly Setting[] = [
  setting({
    name: 'DATABASE_URL',
    meaning: 'The PostgreSQL event store (events, outbox, schedule, imports, dead letters).',
    expected: 'a postgres:// or postgresql:// connection URL',
    schema: z.string().regex(/^postgres(ql)?:\/\/\S+$/, { message: 'not a postgres:// URL' }),
    secret: true,
  }),
  setting({
    name: 'KAFKA_BROKERS',
    meaning: 'Kafka bootstrap servers: the relay publishes there, the reactions consume from there.',
    expected: 'host:port[,host:port…], e.g. 127.0.0.1:19092',
    schema: z
      .string()
      .regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, { message: 'not a list of host:port' }),
  }),
  setting({
    name: 'KAFKA_CONSUMER_LINGER_MS',
    meaning: 'How long a caught-up consumer waits before its next fetch (0 fetches at once).',
    expected: 'an integer of milliseconds from 0 to 60000',
    schema: integer(0, 60_000),
    default: '20', // KafkaMessageBus's
  }),
];

/** The read store of the service's read models: services with read models. */
export const READ_STORE_SETTINGS: readonly Setting[] = [
  setting({
    name: 'MONGODB_URL',
    meaning: 'The read store (MongoDB or FerretDB) of the read models.',
    expected: 'a mongodb:// or mongodb+srv:// connection URL',
    schema: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'not a mongodb:// URL' }),
    secret: true,
  }),
  setting({
    name: 'READY_MAX_READ_MODEL_LAG',
    meaning:
      '/health/ready answers 503 while a read model is more messages than this behind; 0 leaves read models out.',
    expected: 'an integer of messages, 0 or more',
    schema: z.coerce.number().int().min(0),
    default: String(READY_MAX_READ_MODEL_LAG),
  }),
];

/** Directory imports (ImportRunner): services that take CSV/XLSX files. */
export const IMPORT_SETTINGS: readonly Setting[] = [
  setting({
    name: 'IMPORT_CHUNK_ROWS',
    meaning: 'Rows of an import read ahead and prepared together.',
    expected: 'an integer from 1 to 10000',
    schema: integer(1, 10_000),
    default: String(CHUNK_ROWS),
  }),
  setting({
    name: 'IMPORT_ABANDONED_AFTER_MS',
    meaning: 'An import whose progress was not saved for this long is taken over by another instance.',
    expected: 'an integer of milliseconds, at least 3000 (three progress saves)',
    schema: z.coerce.number().int().min(3_000),
    default: String(ABANDONED_AFTER_MS),
  }),
];

/** A bad or missing setting: what it is and what it should be. */
export interface SettingProblem {
  readonly name: string;
  readonly problem: string;
  readonly expected: string;
}

/** Start-up refused: every bad or missing setting at once, so an operator fixes them in one go. */
export class SettingsRefused extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly SettingProblem[],
  ) {
    super(
      `${service} cannot start: ${problems.length} setting(s) bad or missing:\n` +
        problems.map((p) => `  - ${p.name}: ${p.problem}; expected ${p.expected}`).join('\n'),
    );
    this.name = 'SettingsRefused';
  }
}

/**
 * The text of a setting: the variable itself, or for a secret the content of the file
 * `<NAME>_FILE` names (trailing newline dropped) when the variable is empty. Empty counts as absent,
 * so a stack can blank a variable it does not mean to pass. A file that cannot be read throws.
 */
export function settingText(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { secret?: boolean } = { secret: true },
): string | undefined {
  const inline = env[name];
  if (inline !== undefined && inline !== '') return inline;
  if (!options.secret) return undefined;
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`${name}_FILE=${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/**
 * Checks every setting of a service against its schema and returns the parsed values of those
 * given; throws SettingsRefused listing every problem. Values never appear in the message
 * (a password in a bad URL must not reach the log).
 */
export function validateSettings(
  service: string,
  settings: readonly Setting[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  const problems: SettingProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const item of settings) {
    let text: string | undefined;
    try {
      text = settingText(item.name, env, { secret: item.secret ?? false });
    } catch (error) {
      problems.push({
        name: `${item.name}_FILE`,
        problem: (error as Error).message,
        expected: `a readable file holding ${item.expected}`,
      });
      continue;
    }
    if (text === undefined) {
      if (item.default === undefined && !item.optional) {
        problems.push({
          name: item.name,
          problem: item.secret ? `missing (neither ${item.name} nor ${item.name}_FILE is set)` : 'missing',
          expected: item.expected,
        });
      }
      continue;
    }
    const parsed = item.schema.safeParse(text);
    if (parsed.success) values[item.name] = parsed.data;
    else
      problems.push({
        name: item.name,
        problem: parsed.error.issues[0]?.message ?? 'invalid',
        expected: item.expected,
      });
  }
  if (problems.length) throw new SettingsRefused(service, problems);
  return values;
}

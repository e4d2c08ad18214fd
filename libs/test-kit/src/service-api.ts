import { generateKeyPairSync } from 'node:crypto';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, issueToken, type Principal } from '@pk/auth';
import type { EventEnvelope } from '@pk/contracts';
import { type Clock, InMemoryEventStore } from '@pk/kernel';
import {
  configureHttp,
  connectReactions,
  HealthModule,
  loggingModule,
  PublishedEvents,
  type ServiceDefinition,
  ServiceKit,
  useServiceLogger,
} from '@pk/service-runtime';
import type { DestinationStream } from 'pino';
import { TestClock } from './test-clock';

export interface ApiAnswer<TBody = Record<string, unknown>> {
  readonly status: number;
  readonly contentType: string;
  /** The answer's ETag (a record's version, `"3"`), or null. */
  readonly etag: string | null;
  /** Where a started job or a created record is read (the Location header), or null. */
  readonly location?: string | null;
  readonly body: TBody;
  /** The body as sent: what a file answer (CSV) is read by; its `body` is then empty. */
  readonly text?: string;
  /** The body's bytes: what a binary file answer (XLSX, PDF) is read by. */
  readonly bytes?: Uint8Array;
  /** Every header of the answer, names in lower case. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiClient {
  get<TBody = Record<string, unknown>>(path: string): Promise<ApiAnswer<TBody>>;
  post<TBody = Record<string, unknown>>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer<TBody>>;
  put<TBody = Record<string, unknown>>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer<TBody>>;
}

export interface ServiceApi {
  readonly app: INestApplication;
  readonly url: string;
  /** Requests carrying a token for this principal (signed with the test's own key). */
  as(principal: Principal): ApiClient;
  /** Requests without a token. */
  readonly anonymous: ApiClient;
  close(): Promise<void>;
}

/**
 * A service's HTTP API on a real HTTP server with the platform's conventions (validation, problem
 * details, auth with a key of the test's own), built from the modules given: the context's module
 * plus EventSourcingModule.inMemory for fast specs, or .forContext on real servers.
 */
export interface ServiceApiOptions {
  /** Every log line (info and up) written here too, as JSON: what a spec of the log reads. */
  readonly log?: DestinationStream;
}

export async function startServiceApi(
  name: string,
  imports: (Type<unknown> | DynamicModule)[],
  options: ServiceApiOptions = {},
): Promise<ServiceApi> {
  const keys = generateKeyPairSync('ed25519');
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // the production logger (JSON lines with the log context): errors and warnings always (a 500 in
  // a run on CI says why, and a warning such as the read store's connection opened again says what
  // led to it); PK_TEST_LOGS=1 shows the service's whole log; a spec reading the log gets info and up
  const level = process.env['PK_TEST_LOGS'] ? 'debug' : options.log ? 'info' : 'warn';
  const moduleRef = await Test.createTestingModule({
    imports: [
      loggingModule(name, { level, ...(options.log ? { destination: options.log } : {}) }),
      HealthModule.forService(name),
      AuthModule.forRoot({ publicKey }),
      ...imports,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  useServiceLogger(app);
  configureHttp(app, name);
  await connectReactions(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const client = (principal?: Principal): ApiClient => {
    const call = async <TBody>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const token = principal ? await issueToken(privateKeyPem, principal, { ttl: '5m' }) : undefined;
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined || typeof body === 'string' || body instanceof Uint8Array
            ? (body as string | Uint8Array<ArrayBuffer> | undefined)
            : JSON.stringify(body),
      });
      // the text as sent, a byte order mark included (response.text() would drop it)
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        etag: response.headers.get('etag'),
        location: response.headers.get('location'),
        body: jsonOf(text) as TBody,
        text,
        bytes,
        headers: Object.fromEntries(response.headers.entries()),
      };
    };
    return {
      get: (path) => call('GET', path),
      post: (path, body, headers) => call('POST', path, body, headers),
      put: (path, body, headers) => call('PUT', path, body, headers),
    };
  };
  return { app, url, as: (principal) => client(principal), anonymous: client(), close: () => app.close() };
}

/** A JSON answer's body; a file's (CSV, a text) reads as an empty body, its `text` holds it. */
function jsonOf(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export interface InMemoryService extends ServiceApi {
  /** The service's event store: a spec appends given events and reads the events decided. */
  readonly store: InMemoryEventStore;
  readonly clock: Clock;
  /** Publishes other services' events to the service's read models, as their topics would. */
  publish(...events: EventEnvelope[]): void;
}

/**
 * A service's HTTP API in memory, for fast specs: its own module, read models and contracts, as it
 * runs on its servers (ServiceKit.inMemory), with an in-memory event store and read models that
 * catch up before every read. Other services' events come in through `publish`; reactions are called
 * on their controllers. Never instead of the integration tests on real servers.
 */
export async function startInMemoryService(
  service: ServiceDefinition,
  options: { readonly clock?: Clock; readonly store?: InMemoryEventStore } & ServiceApiOptions = {},
): Promise<InMemoryService> {
  const clock = options.clock ?? new TestClock(new Date('2026-09-01T09:00:00Z'));
  const store = options.store ?? new InMemoryEventStore({ source: `pk/${service.context}`, clock });
  const api = await startServiceApi(service.context, [ServiceKit.inMemory(service, { clock, store })], {
    ...(options.log ? { log: options.log } : {}),
  });
  const published = api.app.get(PublishedEvents);
  return { ...api, store, clock, publish: (...events) => published.publish(...events) };
}

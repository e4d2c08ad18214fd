import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { issueToken, type Principal } from '@pk/auth';
import { directoryId, REGION_CODES } from '@pk/contracts';
import {
  freePort,
  programCard,
  reactionsFromNow,
  serverEndpoints,
  startProcess,
  type StartedProcess,
  until,
} from '@pk/test-kit';

// One submission followed as one trace, the way services run: catalog and expertise as processes
// of their own (their main.ts, so the SDK starts before Nest as in production), exporting over
// OTLP/HTTP to a collector this spec plays. Catalog's HTTP request decides ProgramSubmitted, the
// relay sends it to Kafka later with the request's trace in its traceparent header, and
// expertise's reaction opens the review case — assigning its experts — in that same trace.
jest.setTimeout(120_000);

interface ExportedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
}

/** OTLP/JSON trace requests as exporter-trace-otlp-http sends them, flattened to their spans. */
function spansOf(body: unknown): ExportedSpan[] {
  type Attribute = { key: string; value: Record<string, unknown> };
  const valueOf = (attribute: Attribute) => Object.values(attribute.value)[0];
  const request = body as {
    resourceSpans?: {
      resource?: { attributes?: Attribute[] };
      scopeSpans?: {
        spans?: {
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind: number;
          attributes?: Attribute[];
        }[];
      }[];
    }[];
  };
  return (request.resourceSpans ?? []).flatMap((resource) => {
    const service = String(
      valueOf(resource.resource?.attributes?.find((a) => a.key === 'service.name') ?? { key: '', value: {} }),
    );
    return (resource.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a)])),
      })),
    );
  });
}

/** OTLP span kinds (the enum's numbers in OTLP/JSON). */
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

describe('traces across HTTP and Kafka (integration)', () => {
  const { kafkaBrokers, databaseUrl, mongodbUrl } = serverEndpoints();
  const spans: ExportedSpan[] = [];
  let collector: Server;
  const services: StartedProcess[] = [];
  const keys = generateKeyPairSync('ed25519');
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const urls: Record<string, string> = {};

  const call = async (service: string, principal: Principal, route: string, body?: unknown) => {
    const token = await issueToken(privateKeyPem, principal, { ttl: '5m' });
    const answer = await fetch(`${urls[service]}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, text: await answer.text() };
  };

  beforeAll(async () => {
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces')
          spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const otlp = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const root = path.resolve(__dirname, '../../../..');
    const start = async (name: string) => {
      const port = await freePort();
      urls[name] = `http://127.0.0.1:${port}`;
      const service = await startProcess(
        process.execPath,
        ['-r', '@swc-node/register', `services/${name}/src/main.ts`],
        {
          name,
          cwd: root,
          env: {
            ...process.env,
            SWC_NODE_PROJECT: 'tsconfig.base.json',
            PORT: String(port),
            HOST: '127.0.0.1',
            AUTH_PUBLIC_KEY: publicKeyPem,
            KAFKA_BROKERS: kafkaBrokers.join(','),
            DATABASE_URL: databaseUrl,
            MONGODB_URL: mongodbUrl,
            LOG_LEVEL: 'warn',
            OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
            // spans leave a tenth of a second after they end, not five seconds
            OTEL_BSP_SCHEDULE_DELAY: '100',
          },
          ready: async () => (await fetch(`${urls[name]}/health`).catch(() => null))?.ok === true,
          timeoutMs: 90_000,
          pollMs: 250,
        },
      );
      services.push(service);
    };
    // side by side (each takes seconds to compile and connect); expertise's reactions start at the
    // topics' ends, so other specs' submissions are not worked through first
    const started = await Promise.allSettled([
      start('catalog'),
      reactionsFromNow('expertise').then(() => start('expertise')),
    ]);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await new Promise((resolve) => collector?.close(resolve));
  });

  it("follows a submission from catalog's HTTP request to expertise's assignment as one trace", async () => {
    const inn = String(Math.floor(Math.random() * 1e10)).padStart(10, '7');
    const providerId = directoryId('provider', region, inn);
    const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
    const provider: Principal = { subject: 'sipkro', role: 'provider', region, organization: providerId };
    const registered = await call('catalog', admin, '/providers', {
      providerId,
      region,
      name: 'ГАУ ДПО (трассировка)',
      inn,
      ownership: 'state',
      kind: 'dpo-institute',
    });
    expect(registered).toMatchObject({ status: 201 });
    const programId = randomUUID();
    const programs = `/providers/${providerId}/programs`;
    expect(
      await call('catalog', provider, programs, {
        programId,
        region,
        ...programCard('Функциональная грамотность на уроках физики'),
      }),
    ).toMatchObject({ status: 201 });
    expect(await call('catalog', provider, `${programs}/${programId}/submission`)).toMatchObject({
      status: 201,
    });

    const submission = () =>
      spans.find(
        (s) =>
          s.service === 'catalog' &&
          s.kind === SERVER &&
          /\/submission$/.test(String(s.attributes['http.target'] ?? s.attributes['url.path'] ?? s.name)),
      );
    // expertise may also be opening cases of other specs' submissions: the one in this trace
    const opening = () =>
      spans.find(
        (s) =>
          s.service === 'expertise' &&
          s.name === 'command OpenReviewCase' &&
          s.traceId === submission()?.traceId,
      );
    await until(
      () => opening() !== undefined,
      "expertise's OpenReviewCase in the trace of catalog's submission request",
      { timeoutMs: 30_000 },
    );
    const request = submission()!;
    const trace = spans.filter((s) => s.traceId === request.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    /** The span's ancestors up to the trace's root, nearest first. */
    const ancestors = (span: ExportedSpan): ExportedSpan[] => {
      const parent = byId.get(span.parentSpanId);
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    const assignment = opening()!;
    const hops = [assignment, ...ancestors(assignment)].map((s) => `${s.service}: ${s.name}`);
    // from the reaction's command back to the request, hop by hop
    expect(hops).toEqual(
      expect.arrayContaining([
        'expertise: command OpenReviewCase',
        'expertise: process catalog.ProgramSubmitted',
        'catalog: send pk.catalog.events.v1',
        'catalog: command SubmitProgram',
      ]),
    );
    expect(hops[hops.length - 1]).toBe(`catalog: ${request.name}`);
    // the instrumentations' spans sit in the same tree: the append's INSERT under the command
    const append = trace.find(
      (s) => s.service === 'catalog' && s.name.startsWith('pg.query:pk-append-catalog'),
    );
    expect(ancestors(append!).map((s) => s.name)).toContain('command SubmitProgram');
    const consume = trace.find((s) => s.name === 'process catalog.ProgramSubmitted')!;
    expect(consume).toMatchObject({ service: 'expertise', kind: CONSUMER });
    expect(byId.get(consume.parentSpanId)).toMatchObject({
      service: 'catalog',
      kind: PRODUCER,
      name: 'send pk.catalog.events.v1',
    });
    // the assignment's own events go on in the same trace: expertise's relay sends them too
    await until(
      () =>
        spans.some((s) => s.traceId === request.traceId && s.service === 'expertise' && s.kind === PRODUCER),
      "expertise's send span",
      { timeoutMs: 30_000 },
    );
  });
});

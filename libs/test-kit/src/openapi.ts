import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ALL_REGIONS, type Principal } from '@pk/auth';
import type { ServiceDefinition } from '@pk/service-runtime';
import {
  type ApiAnswer,
  type ApiClient,
  type InMemoryService,
  type ServiceApi,
  startInMemoryService,
} from './service-api';

/**
 * Routes of a service's OpenAPI document whose success answer has no schema: a client reading the
 * document could not know what comes back. Answers without a body (202, 204) and files (CSV) need
 * no JSON schema, but must say what they carry.
 */
export function routesWithoutAnswerSchema(app: INestApplication): string[] {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      const responses =
        (
          operation as {
            responses?: Record<
              string,
              { content?: Record<string, { schema?: unknown }>; description?: string }
            >;
          }
        ).responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      const described = success.some(
        ([status, answer]) =>
          Object.values(answer.content ?? {}).some((media) => media.schema !== undefined) ||
          ((status === '202' || status === '204') && (answer.description ?? '') !== ''),
      );
      if (!described) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return missing.sort();
}

/** routesWithoutAnswerSchema of a whole service, started in memory for the look and closed again. */
export async function routesWithoutAnswerSchemaOf(service: ServiceDefinition): Promise<string[]> {
  const api = await startInMemoryService(service);
  try {
    return routesWithoutAnswerSchema(api.app);
  } finally {
    await api.close();
  }
}

/**
 * What a principal gets on every route of a service's OpenAPI document but the public ones named:
 * `"GET /vouchers/{voucherId}": 403`, each route asked once, its path parameters filled with a fresh
 * id and a body of `{}`. For matrices that ask whether a role is refused everywhere: the guard
 * answers a role before any pipe reads the made-up parameters, so a 4xx other than 403 (or a 2xx)
 * means the route let the role through.
 */
export async function statusOnEveryRoute(
  api: ServiceApi,
  principal: Principal,
  publicRoutes: RegExp = /^GET \/(health|metrics|openapi)/,
): Promise<Record<string, number>> {
  const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
  const answers: [string, number][] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item as object)) {
      const operation = `${method.toUpperCase()} ${path}`;
      if (publicRoutes.test(operation)) continue;
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const client = api.as(principal);
      const answer = method === 'get' ? await client.get(url) : await request(client, method, url);
      answers.push([operation, answer.status]);
    }
  }
  return Object.fromEntries(answers.sort(([a], [b]) => a.localeCompare(b)));
}

async function request(client: ApiClient, method: string, url: string): Promise<ApiAnswer> {
  if (method !== 'post' && method !== 'put') {
    throw new Error(`statusOnEveryRoute: no client method for ${method.toUpperCase()} ${url}`);
  }
  return client[method](url, {});
}

/**
 * Declares the spec every service but monitoring has: the federal role reads monitoring's totals
 * and nothing else (libs/auth README), so the service refuses it (403) on every route it documents,
 * its own and the kit's, before reading anything.
 */
export function federalRoleRefusedEverywhere(name: string, definition: ServiceDefinition): void {
  // one request per route, a few dozen of them: more than jest's default five seconds on a shared machine
  const LONG = 60_000;
  describe(`${name}: the federal role on every route (in memory)`, () => {
    let api: InMemoryService;
    beforeAll(async () => {
      api = await startInMemoryService(definition);
    }, LONG);
    afterAll(() => api.close());

    it(
      'is refused (403) everywhere but the public routes',
      async () => {
        const statuses = await statusOnEveryRoute(api, {
          subject: 'federal-1',
          role: 'federal-analyst',
          region: ALL_REGIONS,
        });
        expect(Object.keys(statuses).length).toBeGreaterThan(5);
        expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((route) => [route, 403])));
      },
      LONG,
    );
  });
}

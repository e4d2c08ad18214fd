import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ServiceDefinition } from '@pk/service-runtime';
import { startInMemoryService } from './service-api';

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

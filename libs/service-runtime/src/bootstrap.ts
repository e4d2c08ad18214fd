import 'reflect-metadata';
import type { Server } from 'node:http';
import { type INestApplication, Logger, Module } from '@nestjs/common';
import { ModuleRef, NestFactory, Reflector } from '@nestjs/core';
import type { NestMicroservice } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthModule } from '@pk/auth';
import { muteKafkaJsTimeoutWarning } from '@pk/messaging';
import { OutageClassifier } from '@pk/kernel';
import { HealthChecks, HealthModule } from './health';
import { httpMetrics, ServiceMetrics } from './metrics';
import { ConfigModule } from '@nestjs/config';
import type { LevelWithSilent } from 'pino';
import type { LogFormat } from './logging';
import { type ServiceDefinition, ServiceKit, settingsOf } from './service-definition';
import { SettingsRefused, validateSettings } from './settings/settings';
import { EventTransport, ReactionErrorsPassThrough } from './reactions/event-transport';
import { csvBodyOptions, csvBodyTooLarge, jsonBodyOptions } from './http/body';
import { MediaTypeGuard } from './http/media-type';
import { ProblemDetailsFilter } from './http/problem-details';
import { VersionTags } from './http/command-accepted';
import { requestValidation } from './http/validation';
import { releaseConnectionsWhenStopping } from './http/stopping';
import { ActorLogContext, correlationMiddleware, loggingModule, useServiceLogger } from './logging';
import { migrateAndExit, migrateOnlyRequested } from './migrations';

/** Reads PORT (validated by the settings schema before); a malformed value stops start-up too. */
export function portFromEnvironment(defaultPort: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['PORT'];
  if (raw === undefined || raw === '') return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be an integer between 1 and 65535, got "${raw}"`);
  }
  return port;
}

/**
 * Starts one service: HTTP on PORT (loopback by default, HOST to widen it) with shutdown hooks,
 * so SIGTERM from the stack runner or Kubernetes closes connections before the process exits.
 */
export async function bootstrapService(service: ServiceDefinition): Promise<INestApplication> {
  const name = service.context;
  // every setting checked before anything connects: one message names each bad or missing one
  const settings = validateSettings(name, settingsOf(service));
  const port = portFromEnvironment(service.defaultPort);
  const host = process.env['HOST'] || '127.0.0.1';
  // Body parsers are the service's own (configureHttp): JSON only, bounded in size and depth.
  // abortOnError off: a failed start rejects (runService logs it and exits 1) instead of exiting inside Nest
  @Module({
    imports: [
      // the validated values (secrets read from their files) for ConfigService; no .env file is read
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, load: [() => settings] }),
      loggingModule(name, {
        level: settings['LOG_LEVEL'] as LevelWithSilent | undefined,
        format: settings['LOG_FORMAT'] as LogFormat | undefined,
      }),
      HealthModule.forService(name),
      AuthModule.forRoot(),
      ServiceKit.forService(service),
    ],
  })
  class Service {}
  // buffered until the JSON logger is in place, so even Nest's first lines are JSON
  const app = await NestFactory.create(Service, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  useServiceLogger(app);
  configureHttp(app, name);
  await connectReactions(app);
  app.enableShutdownHooks();
  // beside Nest's own handlers, which start closing the application: /health answers "stopping" at once
  const health = app.get(HealthChecks, { strict: false });
  const releaseConnections = releaseConnectionsWhenStopping(
    app.getHttpServer() as Server,
    (middleware) => app.use(middleware),
    () => health.stopping !== null,
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      health.markStopping();
      releaseConnections();
    });
  }
  await app.listen(port, host);
  new Logger(name).log(`${name} listening on http://${host}:${port}`);
  return app;
}

/** The stores the service registered as it connected (HealthModule's classifier), when it has one. */
function outageClassifierOf(app: INestApplication): OutageClassifier | undefined {
  try {
    return app.get(OutageClassifier, { strict: false });
  } catch {
    return undefined; // an app built without HealthModule (a spec's): every failure is its own
  }
}

/**
 * Entry point for a service's main.ts, `runService(catalog)`: health, auth and the service's parts
 * on its servers (ServiceKit.forService); a failed start-up is logged and exits non-zero.
 */
export function runService(service: ServiceDefinition): void {
  muteKafkaJsTimeoutWarning((line) => new Logger('node').warn(line));
  if (migrateOnlyRequested()) return void migrateAndExit(service);
  bootstrapService(service).catch((error: unknown) => {
    if (error instanceof SettingsRefused) {
      // the list is the whole story; a stack trace would bury it
      new Logger(service.context).error(error.message);
      process.exit(1);
    }
    new Logger(service.context).error(
      `${service.context} failed to start: ${String(error)}`,
      (error as Error)?.stack,
    );
    process.exit(1);
  });
}

/**
 * The HTTP conventions every service shares: JSON bodies bounded in size and depth, declared media
 * types (415 otherwise), validated DTOs, problem+json errors, OpenAPI at /openapi (UI) and
 * /openapi.json. Tests that build an app with @nestjs/testing call it too.
 */
export function configureHttp(app: INestApplication, name: string): void {
  // Registered before Nest's defaults would be, so a default JSON parser is never added beside it.
  // ETags are the records' versions (VersionTags), never Express's hashes of a body: a weak tag of a
  // body sent back as If-Match would be refused as malformed
  (app as NestExpressApplication).set('etag', false);
  (app as NestExpressApplication).useBodyParser('json', jsonBodyOptions());
  // CSV bodies (directory imports) as raw bytes, bounded; the error handler rewords their 413.
  (app as NestExpressApplication).useBodyParser('raw', csvBodyOptions());
  app.use(csvBodyTooLarge);
  app.use(correlationMiddleware);
  const metrics = optional(() => app.get(ServiceMetrics, { strict: false }));
  if (metrics) app.use(httpMetrics(metrics));
  app.useGlobalGuards(new MediaTypeGuard(app.get(Reflector)));
  app.useGlobalPipes(requestValidation());
  app.useGlobalFilters(new ProblemDetailsFilter(outageClassifierOf(app)));
  app.useGlobalInterceptors(new ActorLogContext(), new VersionTags());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`pk ${name}`)
      .setDescription(`The ${name} service of the ПК platform`)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('openapi', app, document, { jsonDocumentUrl: 'openapi.json' });
}

/**
 * Delivers other services' events to the app's `@EventPattern` methods through the EventTransport
 * its EventSourcingModule provides (none in memory: specs call the methods). Tests that build an
 * app with @nestjs/testing call it too.
 */
export async function connectReactions(app: INestApplication): Promise<void> {
  let transport: EventTransport;
  // asked through ModuleRef: the app's own get() reports a missing provider to the log as an
  // error with its stack before throwing, which alarmed everyone reading a healthy start-up
  const modules = app.get(ModuleRef);
  try {
    transport = modules.get(EventTransport, { strict: false });
  } catch {
    return; // a service without a write side (monitoring) reacts to nothing
  }
  // the reactions' consumer at /health: degraded while it restarts, is stuck or waits out an outage
  optional(() => modules.get(HealthChecks, { strict: false }))?.register('reactions', () =>
    transport.health(),
  );
  optional(() => modules.get(ServiceMetrics, { strict: false }))?.watchConsumer({
    part: 'reactions',
    status: () => transport.consumerStatus(),
  });
  // deferred, so the filter is in place before Nest builds the handlers' exception zones
  const reactions = app.connectMicroservice(
    { strategy: transport },
    { inheritAppConfig: false, deferInitialization: true },
  );
  reactions.useGlobalFilters(new ReactionErrorsPassThrough());
  // the HTTP app runs the lifecycle hooks (onApplicationBootstrap…); the microservice must not again
  (reactions as unknown as NestMicroservice).setIsInitHookCalled(true);
  await app.startAllMicroservices();
}

function optional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

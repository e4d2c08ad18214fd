import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallHandler,
  type DynamicModule,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { currentLogContext, withLogContext } from '@pk/kernel';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import { Observable } from 'rxjs';

export type LogFormat = 'json' | 'pretty';

export interface LoggingOptions {
  readonly level?: LevelWithSilent;
  /** pretty needs pino-pretty, a dev dependency: npm start only, never in a production image. */
  readonly format?: LogFormat;
  /** Where lines go (stdout by default); a spec passes a stream to read them. */
  readonly destination?: DestinationStream;
}

const CORRELATION = /^[\w.:-]{1,200}$/;

/** The request's path without its query: a search query may carry a name, and names are not logged. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0]!;
}

/**
 * JSON logs through pino (nestjs-pino): every line names the service, and on a command's or
 * event's path its correlation id, causation id, actor, stream and command or event type
 * (withLogContext, set by the HTTP correlation middleware, the actor interceptor, the command
 * handler and the reactions' transport). Requests are logged by method, path and status only:
 * no headers (tokens), no query strings, no bodies — the personal data of teachers stays out.
 */
export function loggingModule(service: string, options: LoggingOptions = {}): DynamicModule {
  const level = options.level ?? 'info';
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level,
        base: { service },
        messageKey: 'message',
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => ({ ...currentLogContext(), ...traceIdsOf() }),
        ...(options.format === 'pretty'
          ? { transport: { target: 'pino-pretty', options: { singleLine: true, messageKey: 'message' } } }
          : {}),
        // the correlation middleware set it (configureHttp); the request's id is the correlation id
        genReqId: (req: IncomingMessage) => correlationOf(req),
        serializers: {
          req: (req: { method?: string; url?: string }) => ({ method: req.method, path: pathOf(req.url) }),
          res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
        },
        // the request's line is written as the answer leaves, past the actor interceptor's context
        customProps: (req: IncomingMessage & { principal?: { subject: string } }) =>
          req.principal === undefined ? {} : { actor: req.principal.subject },
        // health probes and metric scrapes every few seconds would drown the log
        autoLogging: {
          ignore: (req: IncomingMessage) => /^\/(health|metrics)(\/|$)/.test(pathOf(req.url)),
        },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
          error || res.statusCode >= 500 ? 'error' : 'info',
        customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
          `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
        customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
          `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
      },
      options.destination ?? process.stdout,
    ],
  });
}

/**
 * The span a line is written in, when tracing is on: a log line and its trace find each other.
 * With tracing off there is never an active span, and nothing is added.
 */
function traceIdsOf(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span === undefined || !trace.isSpanContextValid(span)
    ? {}
    : { trace_id: span.traceId, span_id: span.spanId };
}

/** Nest's own lines (start-up, Logger in services) through the same pino logger. */
export function useServiceLogger(app: INestApplication): void {
  app.useLogger(app.get(Logger));
}

function correlationOf(req: IncomingMessage): string {
  const header = req.headers['x-correlation-id'];
  return typeof header === 'string' && CORRELATION.test(header) ? header : randomUUID();
}

/**
 * The correlation id of a request: the caller's x-correlation-id when well formed, a new one
 * otherwise, written back to the request (so @Caller records this very id on the events) and
 * answered in the response header. Registered after the body parsers: from here on the request
 * runs in one async context, so every line it logs carries the id.
 */
export function correlationMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const correlationId = correlationOf(req);
  req.headers['x-correlation-id'] = correlationId;
  res.setHeader('x-correlation-id', correlationId);
  withLogContext({ correlationId }, next);
}

/** The verified actor (known only after the auth guard) added to the request's log context. */
@Injectable()
export class ActorLogContext implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const principal = context.switchToHttp().getRequest<{ principal?: { subject: string } }>().principal;
    if (principal === undefined) return next.handle();
    return new Observable((subscriber) =>
      withLogContext({ actor: principal.subject }, () => next.handle().subscribe(subscriber)),
    );
  }
}

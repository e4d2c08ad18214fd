import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ContractViolation } from '@pk/contracts';
import {
  ConcurrencyConflict,
  DomainConflict,
  DomainError,
  OutageClassifier,
  ReplicaBehind,
  RevisionMismatch,
  WrongExpectedRevision,
} from '@pk/kernel';
import { BodyRefused, JSON_BODY_LIMIT } from './body';

/** The part of Express's response this filter uses (the platform is Express). */
interface ExpressResponse {
  status(code: number): ExpressResponse;
  setHeader(name: string, value: string): void;
  type(contentType: string): ExpressResponse;
  send(body: string): void;
}

/** RFC 9457 problem details: every error a client sees has this shape. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Domain rule that refused the command, e.g. "program-hours-below-minimum". */
  code?: string;
  /** One message per invalid field, e.g. "hours: должно быть целым числом". */
  errors?: string[];
}

/**
 * Turns every exception into application/problem+json. Domain refusals are 422 (404 when their code
 * says `…-not-found`, 409 for a DomainConflict), lost races 409,
 * and anything unexpected a 500 whose detail hides internals (they go to the log instead).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  /** `outages` tells a store that cannot be reached (503, try again) from a failure of the work (500). */
  constructor(private readonly outages?: OutageClassifier) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ method: string; url: string; originalUrl?: string }>();
    const response = http.getResponse<ExpressResponse>();
    const problem = this.problemOf(exception, request.originalUrl ?? request.url);
    // a replica catching up is a matter of a second or two; a store coming back, a few more
    if (exception instanceof ReplicaBehind) response.setHeader('Retry-After', '2');
    if (problem.code === 'store-unavailable') response.setHeader('Retry-After', '5');
    if (problem.status >= 500)
      this.logger.error(
        `${request.method} ${request.url}: ${String(exception)}`,
        (exception as Error)?.stack,
      );
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private problemOf(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof DomainError) {
      const status = exception.code.endsWith('-not-found')
        ? HttpStatus.NOT_FOUND
        : exception instanceof DomainConflict
          ? HttpStatus.CONFLICT
          : HttpStatus.UNPROCESSABLE_ENTITY;
      return problem(status, exception.message, instance, { code: exception.code });
    }
    if (exception instanceof ReplicaBehind) {
      return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        `сервис ещё не получил нужные ему сведения из других сервисов (${exception.message}); повторите запрос через несколько секунд`,
        instance,
        { code: exception.code },
      );
    }
    if (exception instanceof RevisionMismatch) {
      // If-Match named a revision the record has moved on from: read it again, then decide
      return problem(
        HttpStatus.PRECONDITION_FAILED,
        `запись уже изменилась с той версии, что указана в If-Match (${exception.message}); прочитайте её заново и решите ещё раз`,
        instance,
        { code: 'revision-mismatch' },
      );
    }
    if (exception instanceof ConcurrencyConflict || exception instanceof WrongExpectedRevision) {
      return problem(
        HttpStatus.CONFLICT,
        'запись одновременно изменил другой запрос; повторите свой',
        instance,
        { code: 'revision-conflict' },
      );
    }
    if (exception instanceof ContractViolation) {
      // The DTO let through what the event's contract refuses: the request is still wrong, and
      // nothing was stored (the check runs before the append). The DTO should learn the rule.
      this.logger.warn(`${instance}: a validated request broke an event contract: ${exception.message}`);
      return problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        `запрос нарушает контракт события: ${exception.message}`,
        instance,
        {
          code: 'event-contract-violation',
          errors: exception.issues,
        },
      );
    }
    const body = bodyReadingError(exception);
    if (body) return problem(body.status, body.detail, instance, { code: STATUS_CODES[body.status] });
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const messages =
        typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
      const errors = Array.isArray(messages) ? messages.map(String) : undefined;
      const detail = errors ? errors.join('; ') : typeof messages === 'string' ? messages : exception.message;
      const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
      return problem(exception.getStatus(), detail, instance, {
        ...(errors ? { errors } : {}),
        ...(typeof code === 'string' || STATUS_CODES[exception.getStatus()] !== undefined
          ? { code: typeof code === 'string' ? code : STATUS_CODES[exception.getStatus()] }
          : {}),
      });
    }
    // a store the service cannot reach at the moment (a restart, a reconnection): nothing was
    // decided, and the same request shortly after will do
    const away = this.outages?.unreachableByError(exception) ?? null;
    if (away !== null) {
      return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        `хранилище сервиса (${away}) сейчас недоступно; повторите запрос через несколько секунд`,
        instance,
        { code: 'store-unavailable' },
      );
    }
    return problem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'сервис не смог обработать запрос; причина записана в его журнал',
      instance,
    );
  }
}

/**
 * The stable code of a refusal that names none of its own (a guard's 403, a route's 404): clients
 * branch on `code` alone, whatever the refusal.
 */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'gone',
  413: 'request-too-large',
  415: 'unsupported-media-type',
  503: 'unavailable',
};

/**
 * Errors of the body parser (http-errors with a 4xx status, thrown before any handler): too large,
 * not JSON, an encoding it cannot undo. They reach the filter as plain errors, not HttpExceptions.
 */
function bodyReadingError(exception: unknown): { status: number; detail: string } | undefined {
  const error = exception as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown } | null;
  if (typeof error?.status !== 'number' || error.status < 400 || error.status > 499 || error.expose !== true)
    return undefined;
  const message = String(error.message);
  if (exception instanceof BodyRefused) return { status: error.status, detail: message };
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, detail: `тело запроса больше ${JSON_BODY_LIMIT}` };
    case 'entity.parse.failed':
      return { status: 400, detail: `тело запроса — не JSON: ${message}` };
    case 'encoding.unsupported':
      return { status: 415, detail: `${message}; допустимы identity, gzip, deflate или br` };
    default:
      return { status: error.status, detail: `тело запроса не удалось прочитать: ${message}` };
  }
}

function problem(
  status: number,
  detail: string,
  instance: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  const title = (HttpStatus[status] ?? 'ERROR').toLowerCase().replace(/_/g, ' ');
  return { type: `https://pk.platform/problems/${status}`, title, status, detail, instance, ...extra };
}

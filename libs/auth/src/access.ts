import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CommandContext } from '@pk/kernel';
import { actorOf, type Principal, type Role } from './principal';
import type { ResourceScope, Scope } from './scope';

export const PUBLIC_ROUTE = Symbol('pk:auth:public');
export const ACCESS_RULES = Symbol('pk:auth:access-rules');

/** The HTTP request as Express hands it over; once the guard admits it, it carries the principal. */
export interface AuthenticatedRequest extends IncomingMessage {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
  principal?: Principal;
}

export interface AccessRule {
  readonly roles: readonly Role[];
  readonly scope: Scope;
  /** Where the touched resource lives; by default read from route params, query and body. */
  readonly target?: (request: AuthenticatedRequest) => ResourceScope;
}

/** Opens a route without a token (health checks, public catalog pages). */
export function Public(): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    Reflect.defineMetadata(PUBLIC_ROUTE, true, descriptor?.value ?? target);
  };
}

/**
 * Admits the given roles at the given scope. Rules stack, so one endpoint can admit the
 * ministry at region scope and a municipal operator only in its own municipality.
 * On a method it replaces the rules of its controller.
 */
export function Allow(rule: AccessRule): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor?.value ?? target;
    const rules: readonly AccessRule[] = Reflect.getMetadata(ACCESS_RULES, holder) ?? [];
    Reflect.defineMetadata(ACCESS_RULES, [...rules, rule], holder);
  };
}

/** The verified principal of the request; only on routes guarded by @Allow. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (principal === undefined) {
      throw new Error('@CurrentPrincipal() used on a route without @Allow: no token was verified');
    }
    return principal;
  },
);

/**
 * Who issues the command and in which conversation, for the command handler: the verified
 * principal as the actor, and the caller's `x-correlation-id` (or a new id). Both are recorded on
 * every event the command causes, across services. An `If-Match` header (the version an earlier
 * answer gave as its ETag) makes the command conditional: decided only on the record at that
 * version, 412 otherwise — two people editing one record never overwrite each other unseen.
 */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (request.principal === undefined) {
    throw new Error('@Caller() used on a route without @Allow: no token was verified');
  }
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,200}$/.test(header) ? header : randomUUID();
  const expectedRevision = expectedVersionOf(request.headers['if-match']);
  return {
    actor: actorOf(request.principal),
    correlationId,
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
  };
});

/** `If-Match: "7"` (or W/"7") → 7; `*` → any existing version; absent → no condition. */
function expectedVersionOf(header: string | string[] | undefined): number | 'exists' | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return 'exists';
  const tag = /^(?:W\/)?"(\d{1,10})"$/.exec(value);
  if (!tag) {
    throw new BadRequestException(
      `If-Match должен быть ETag из ответа, например "3", или *; получено ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return Number(tag[1]);
}

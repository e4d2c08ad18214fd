import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { KeyObject } from 'node:crypto';
import { ACCESS_RULES, PUBLIC_ROUTE, type AccessRule, type AuthenticatedRequest } from './access';
import type { Principal } from './principal';
import { assertWithinScope, type ResourceScope } from './scope';
import { TokenRejectedError, VerifiedTokens } from './token';

export const VERIFICATION_KEY = Symbol('pk:auth:verification-key');

/**
 * Deny by default: a route is reachable only through @Public() or an @Allow rule whose role and
 * scope the caller's token satisfies.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    @Inject(VERIFICATION_KEY) key: KeyObject,
  ) {
    this.tokens = new VerifiedTokens(key);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.declarationFor(context);
    if (declaration?.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (declaration === undefined) {
      throw new ForbiddenException(
        `у ${routeOf(request)} не объявлено правило доступа, поэтому он закрыт для всех`,
      );
    }
    const principal = await this.authenticate(request);
    // before the scope check, so a rule's target may default to the caller's own region
    request.principal = principal;
    admitScope(principal, rulesForRole(principal, declaration.rules, request), request);
    return true;
  }

  // The method's own declaration wins over its controller's, so an @Allow method inside a
  // @Public controller still demands a token.
  private declarationFor(context: ExecutionContext): { isPublic: boolean; rules: AccessRule[] } | undefined {
    for (const holder of [context.getHandler(), context.getClass()]) {
      const isPublic = this.reflector.get<boolean | undefined>(PUBLIC_ROUTE, holder) === true;
      const rules = this.reflector.get<AccessRule[] | undefined>(ACCESS_RULES, holder) ?? [];
      if (isPublic || rules.length > 0) return { isPublic, rules };
    }
    return undefined;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (header === undefined)
      throw new UnauthorizedException('нет заголовка Authorization: войдите и передайте токен');
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (token === undefined) {
      throw new UnauthorizedException('заголовок Authorization неверен: ожидается "Bearer <токен>"');
    }
    try {
      return await this.tokens.verify(token);
    } catch (error) {
      throw error instanceof TokenRejectedError ? new UnauthorizedException(error.message) : error;
    }
  }
}

function rulesForRole(
  principal: Principal,
  rules: AccessRule[],
  request: AuthenticatedRequest,
): AccessRule[] {
  const admitting = rules.filter((rule) => rule.roles.includes(principal.role));
  if (admitting.length === 0) {
    const allowed = [...new Set(rules.flatMap((rule) => rule.roles))].join(', ');
    throw new ForbiddenException(
      `роли ${principal.role} недоступен ${routeOf(request)}; доступен ролям: ${allowed}`,
    );
  }
  return admitting;
}

// One passing rule is enough; when none passes, the first rule's refusal is the one reported.
function admitScope(principal: Principal, rules: AccessRule[], request: AuthenticatedRequest): void {
  let refusal: unknown;
  for (const rule of rules) {
    try {
      assertWithinScope(principal, (rule.target ?? targetFromRequest)(request), rule.scope);
      return;
    } catch (error) {
      refusal ??= error;
    }
  }
  throw refusal;
}

/** Where a request points, from route params, query and JSON body, in that order. */
export function targetFromRequest(request: AuthenticatedRequest): ResourceScope {
  return {
    region: namedValue(request, 'region'),
    municipality: namedValue(request, 'municipality'),
    organization: namedValue(request, 'organization'),
    subject: namedValue(request, 'subject'),
  };
}

// The sources must agree: otherwise a request could pass the check with its path while the
// handler acts on another region named in its body.
function namedValue(request: AuthenticatedRequest, field: keyof ResourceScope): string | undefined {
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  const values = [request.params, request.query, body as Record<string, unknown>]
    .map((source) => source?.[field])
    .filter((value) => value !== undefined);
  if (values.some((value) => typeof value !== 'string')) {
    throw new BadRequestException(`${field}: ожидается одна строка`);
  }
  if (new Set(values).size > 1) {
    throw new ForbiddenException(
      `в запросе указано несколько значений ${field} (${values.join(' и ')}); допускается одно`,
    );
  }
  return values[0] as string | undefined;
}

function routeOf(request: AuthenticatedRequest): string {
  return `${request.method} ${request.url?.split('?')[0]}`;
}

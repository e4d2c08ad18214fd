import { BadRequestException } from '@nestjs/common';
import { type AccessRule, type AuthenticatedRequest, isFederal, type Principal } from '@pk/auth';
import { canonicalId } from '@pk/service-runtime';

const fromQuery = (request: AuthenticatedRequest, name: string): string | undefined => {
  const value = request.query?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** The region a ministry-wide read names; none named is the token's own (the handler's default). */
export const regionAsked = (request: AuthenticatedRequest) => ({ region: fromQuery(request, 'region') });

/**
 * The federal role on a read of totals: any region, named by the request (regionOf). Only reads
 * that carry no person's data take this rule: counts, shares, scores, money per provider — never a
 * teacher's row, an operator's name or comment, nor one school's figures (a school's few teachers
 * would be told apart by them).
 */
export const FEDERAL_TOTALS: AccessRule = { roles: ['federal-analyst'], scope: 'federation' };

/**
 * The municipality a municipal operator's read reaches: the one named, or their own. Guards run
 * before the DTO's normalisation, so the id is compared in canonical form.
 */
export const municipalityAsked = (request: AuthenticatedRequest) => {
  const named = fromQuery(request, 'municipalityId');
  return {
    region: fromQuery(request, 'region') ?? request.principal?.region,
    municipality: named === undefined ? request.principal?.municipality : (canonicalId(named) ?? named),
  };
};

/** The school a school coordinator's read reaches: the one named, or their own (canonical, as above). */
export const organizationAsked = (request: AuthenticatedRequest) => {
  const named = fromQuery(request, 'organizationId');
  return {
    region: fromQuery(request, 'region') ?? request.principal?.region,
    organization: named === undefined ? request.principal?.organization : (canonicalId(named) ?? named),
  };
};

/**
 * The region a read answers for: the one named, else the token's. A federal token names every
 * region ("*"), so its reads must name one: 400 `region-required` otherwise.
 */
export function regionOf(asked: string | undefined, principal: Principal): string {
  if (asked !== undefined) return asked;
  if (isFederal(principal.role)) {
    throw new BadRequestException({
      code: 'region-required',
      message: 'region: укажите регион (например, region=63): федеральный токен не привязан к региону',
    });
  }
  return principal.region;
}

/** The scope a read answers for: what the query names, else the caller's own. */
export function scopeOf(
  query: { readonly region?: string; readonly municipalityId?: string; readonly organizationId?: string },
  principal: Principal,
): { region: string; municipalityId?: string; organizationId?: string } {
  const municipalityId =
    query.municipalityId ?? (principal.role === 'municipal-operator' ? principal.municipality : undefined);
  const organizationId =
    query.organizationId ?? (principal.role === 'school-coordinator' ? principal.organization : undefined);
  return {
    region: regionOf(query.region, principal),
    ...(municipalityId === undefined ? {} : { municipalityId }),
    ...(organizationId === undefined ? {} : { organizationId }),
  };
}

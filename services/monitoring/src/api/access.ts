import type { AuthenticatedRequest, Principal } from '@pk/auth';
import { canonicalId } from '@pk/service-runtime';

const fromQuery = (request: AuthenticatedRequest, name: string): string | undefined => {
  const value = request.query?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** The region a ministry-wide read names; none named is the token's own (the handler's default). */
export const regionAsked = (request: AuthenticatedRequest) => ({ region: fromQuery(request, 'region') });

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

/** The scope a read answers for: what the query names, else the caller's own. */
export function scopeOf(
  query: { readonly region?: string; readonly municipalityId?: string },
  principal: Principal,
): { region: string; municipalityId?: string } {
  const municipalityId =
    query.municipalityId ?? (principal.role === 'municipal-operator' ? principal.municipality : undefined);
  return {
    region: query.region ?? principal.region,
    ...(municipalityId === undefined ? {} : { municipalityId }),
  };
}

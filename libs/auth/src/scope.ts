import { ForbiddenException } from '@nestjs/common';
import { ALL_REGIONS, type Principal } from './principal';

/**
 * How far from the principal an endpoint may reach. "platform": an operation on the platform as a
 * whole (it touches every region at once), for roles that hold no region's data. "federation": a
 * read of any region (or of all of them) by a token bound to no single region (ALL_REGIONS, the
 * federal role's); a region-bound token never passes it, whatever role a rule lists.
 */
export type Scope = 'platform' | 'federation' | 'region' | 'municipality' | 'organization' | 'own-record';

/** Where the resource a request touches lives; fields a request does not name stay undefined. */
export interface ResourceScope {
  readonly region?: string;
  readonly municipality?: string;
  readonly organization?: string;
  readonly subject?: string;
}

/** Why the principal may not reach the target at this scope, or undefined when it may. */
function scopeMismatch(principal: Principal, target: ResourceScope, scope: Scope): string | undefined {
  if (scope === 'platform') return undefined;
  if (scope === 'federation') {
    return principal.region === ALL_REGIONS
      ? undefined
      : `токен региона ${principal.region} не даёт доступа к данным всех регионов`;
  }
  if (target.region !== undefined && target.region !== principal.region) {
    return `токен региона ${principal.region} не даёт доступа к региону ${target.region}`;
  }
  if (scope === 'region' && isEmpty(target)) return undefined; // handlers filter by principal.region
  if (target.region === undefined)
    return `в запросе не указан регион, а он нужен (область доступа: ${scope})`;
  switch (scope) {
    case 'region':
      return undefined;
    case 'municipality':
      return fieldMismatch('municipality', principal.municipality, target.municipality);
    case 'organization':
      return fieldMismatch('organization', principal.organization, target.organization);
    case 'own-record':
      return fieldMismatch('subject', principal.subject, target.subject);
  }
}

export function isWithinScope(principal: Principal, target: ResourceScope, scope: Scope): boolean {
  return scopeMismatch(principal, target, scope) === undefined;
}

export function assertWithinScope(principal: Principal, target: ResourceScope, scope: Scope): void {
  const mismatch = scopeMismatch(principal, target, scope);
  if (mismatch !== undefined) throw new ForbiddenException(mismatch);
}

function isEmpty(target: ResourceScope): boolean {
  return Object.values(target).every((value) => value === undefined);
}

// Both sides must be present: an absent claim or an unnamed target never matches anything.
function fieldMismatch(
  field: string,
  own: string | undefined,
  target: string | undefined,
): string | undefined {
  if (own === undefined) return `в токене нет поля ${field}, а оно нужно для этого запроса`;
  if (target === undefined) return `в запросе не указано ${field}, а оно нужно для этого запроса`;
  if (own !== target) return `токен для ${field} ${own} не даёт доступа к ${field} ${target}`;
  return undefined;
}

import type { Actor } from '@pk/contracts';

/** Who may act on the platform; DOMAIN.md's actors, as they appear in the `role` claim. */
export const ROLES = [
  'ministry-admin',
  'municipal-operator',
  'school-coordinator',
  'teacher',
  'provider',
  'expert',
  'auditor',
  // runs the platform itself (rebuilds of read models that span every region); no region's data
  'platform-operator',
  // the federal level (Минпросвещения России and its analysts): every region's totals, never a
  // person's data; its token names no region but ALL_REGIONS
  'federal-analyst',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/**
 * The `region` claim of a token bound to no single region: the federal role's. A region code is
 * never "*", so a rule at any scope but `federation` refuses such a token wherever a region is
 * compared, and no region-bound role may carry it.
 */
export const ALL_REGIONS = '*';

/** Roles whose token names every region (ALL_REGIONS) instead of one. */
export function isFederal(role: Role): boolean {
  return role === 'federal-analyst';
}

/** The verified caller: who, in which role, and which part of which region the token admits. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  /**
   * Region code ("63" Samara, "24" Krasnoyarsk); every token is bound to exactly one region, but the
   * federal role's, which names ALL_REGIONS.
   */
  readonly region: string;
  readonly municipality?: string;
  readonly organization?: string;
}

/**
 * Roles that act for one municipality or one organization; a token for them without that claim
 * could never pass a scope check, so it is refused when issued and when verified.
 */
export function attachmentRequiredFor(role: Role): 'municipality' | 'organization' | undefined {
  switch (role) {
    case 'municipal-operator':
      return 'municipality';
    case 'school-coordinator':
    case 'provider':
      return 'organization';
    default:
      return undefined;
  }
}

/** Why a role cannot carry this region claim, or undefined when it can. */
export function regionClaimProblem(role: Role, region: string): string | undefined {
  if (isFederal(role) && region !== ALL_REGIONS) {
    return `роль ${role} не привязана к региону: её токен называет регион "${ALL_REGIONS}", а не ${region}`;
  }
  if (!isFederal(role) && region === ALL_REGIONS) {
    return `регион "${ALL_REGIONS}" (все регионы) допустим только для роли federal-analyst, не для ${role}`;
  }
  return undefined;
}

/** The actor recorded in event envelopes for what this principal causes. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.subject, role: principal.role };
}

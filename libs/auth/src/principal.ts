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
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** The verified caller: who, in which role, and which part of which region the token admits. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  /** Region code ("63" Samara, "24" Krasnoyarsk); every token is bound to exactly one region. */
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

/** The actor recorded in event envelopes for what this principal causes. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.subject, role: principal.role };
}

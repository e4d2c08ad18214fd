import type { AuthenticatedRequest } from '@pk/auth';
import { canonicalId } from '@pk/service-runtime';

const field = (source: unknown, name: string): string | undefined => {
  const value =
    typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/**
 * An expert acts only on its own record: the expert id the request names (in the body or the path)
 * must be the token's subject, in the token's region. Guards run before the DTO's normalisation, so
 * ids are compared in canonical form.
 */
export const ownExpertRecord =
  (from: 'body' | 'params', idField = 'expertId') =>
  (request: AuthenticatedRequest) => {
    const id = field(request[from], idField);
    return {
      region: field(request.body, 'region') ?? field(request.query, 'region'),
      subject: canonicalId(id) ?? id,
    };
  };

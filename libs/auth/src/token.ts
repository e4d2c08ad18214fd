import { createPrivateKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { verificationKey } from './keys';
import { attachmentRequiredFor, isRole, type Principal, regionClaimProblem } from './principal';

export const TOKEN_ISSUER = 'pk-platform';
export const TOKEN_AUDIENCE = 'pk';
const ALGORITHM = 'EdDSA';
// tolerates clock drift between the issuing machine and the services
const CLOCK_TOLERANCE_SECONDS = 30;
/** The longest a token may live: a stolen token is worth a working day at most. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A token that does not admit its bearer; the message says why, for the 401 answer. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

export interface IssueOptions {
  /** Lifetime in jose's notation: "15m", "8h", "7d". */
  readonly ttl: string;
}

/** Signs a token for `claims` with an Ed25519 private key (PEM, PKCS#8). */
export async function issueToken(
  privateKeyPem: string,
  claims: Principal,
  options: IssueOptions,
): Promise<string> {
  const problem = claimsProblem(claims) ?? lifetimeProblem(options.ttl);
  if (problem !== undefined) throw new Error(`cannot issue token: ${problem}`);
  const { subject, role, region, municipality, organization } = claims;
  return new SignJWT({ role, region, municipality, organization })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(options.ttl)
    .sign(createPrivateKey(privateKeyPem));
}

/** Checks signature, issuer, audience, expiry and claims; the principal the token admits. */
export async function verifyToken(token: string, publicKey: string | KeyObject): Promise<Principal> {
  return (await checkToken(token, publicKey)).principal;
}

/**
 * Tokens a process has verified, by their exact text, until they expire: a client sends the same
 * token with every request, and checking its signature (Ed25519) and claims again each time was a
 * tenth of a command's CPU in the service. A token is the same string only if it is the same
 * signed token, so a hit admits exactly what a fresh check would, as long as it has not expired:
 * its expiry (with the same tolerance) is checked on every hit, and nothing else about a token
 * changes with time (its age is bounded by its expiry, which lies within the allowed lifetime of
 * its issue). Bounded: past `size` tokens the oldest are forgotten (checked afresh next time).
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(
    private readonly publicKey: string | KeyObject,
    private readonly size = 10_000,
  ) {}

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && Date.now() / 1000 <= known.expiresAt + CLOCK_TOLERANCE_SECONDS) {
      return { ...known.principal };
    }
    this.verified.delete(token);
    const checked = await checkToken(token, this.publicKey);
    this.verified.set(token, checked);
    for (const oldest of this.verified.keys()) {
      if (this.verified.size <= this.size) break;
      this.verified.delete(oldest);
    }
    return { ...checked.principal };
  }
}

async function checkToken(
  token: string,
  publicKey: string | KeyObject,
): Promise<{ principal: Principal; expiresAt: number }> {
  const key = typeof publicKey === 'string' ? verificationKey(publicKey) : publicKey;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [ALGORITHM],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // A signed token without exp would admit its bearer for ever.
      requiredClaims: ['exp', 'iat'],
      // iat is compared with now, not only with exp: it must not lie ahead beyond the tolerance
      // (a token "issued in 2099" would otherwise pass the lifetime cap below) nor a day behind.
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    }));
  } catch (error) {
    throw new TokenRejectedError(rejectionReason(error));
  }
  const lifetime = payload.exp! - payload.iat!;
  if (lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TokenRejectedError(
      `токен живёт ${Math.round(lifetime / 3600)} ч; допускается не больше ${MAX_TOKEN_LIFETIME_SECONDS / 3600} ч`,
    );
  }
  const principal = principalFrom(payload);
  const problem = claimsProblem(principal);
  if (problem !== undefined) throw new TokenRejectedError(`токен отклонён: ${problem}`);
  return { principal: principal as Principal, expiresAt: payload.exp! }; // claimsProblem has vetted every field
}

function rejectionReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'срок действия токена истёк';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'подпись токена не сходится';
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') {
    if (error.claim === 'exp') return 'у токена нет срока действия (exp); бессрочных токенов не бывает';
    if (error.claim === 'iat') return 'у токена нет времени выдачи (iat)';
  }
  if (
    error instanceof errors.JWTClaimValidationFailed &&
    error.claim === 'iat' &&
    error.reason === 'check_failed'
  )
    return `токен выдан в будущем (iat); часы могут расходиться не больше чем на ${CLOCK_TOLERANCE_SECONDS} с`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `токен выдан не ${TOKEN_ISSUER}`;
    if (error.claim === 'aud') return `токен предназначен не для ${TOKEN_AUDIENCE}`;
    return `поле токена ${error.claim} неверно: ${error.reason}`;
  }
  if (error instanceof errors.JOSEError) return `токен повреждён: ${error.message}`;
  throw error; // not the token's fault: let it surface as a server error
}

// Claims as they arrived, typed loosely so that claimsProblem can name what is wrong with them.
type UncheckedClaims = { [K in keyof Principal]?: unknown };

function lifetimeProblem(ttl: string): string | undefined {
  const match = /^(-?\d+)([smhd])$/.exec(ttl);
  if (!match) return `lifetime must look like 30m, 8h or 1d; got ${ttl}`;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds > MAX_TOKEN_LIFETIME_SECONDS) {
    return `lifetime ${ttl} is longer than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h`;
  }
  return undefined;
}

function principalFrom(payload: JWTPayload): UncheckedClaims {
  const { sub, role, region, municipality, organization } = payload;
  return { subject: sub, role, region, municipality, organization };
}

function claimsProblem(claims: UncheckedClaims): string | undefined {
  if (!nonEmpty(claims.subject)) return 'нет субъекта (sub)';
  if (!isRole(claims.role)) return `неизвестная роль ${JSON.stringify(claims.role)}`;
  if (!nonEmpty(claims.region)) return 'нет региона (region)';
  const region = regionClaimProblem(claims.role, claims.region);
  if (region !== undefined) return region;
  for (const field of ['municipality', 'organization'] as const) {
    if (claims[field] !== undefined && !nonEmpty(claims[field]))
      return `${field} должно быть непустой строкой`;
  }
  const attachment = attachmentRequiredFor(claims.role);
  if (attachment !== undefined && claims[attachment] === undefined) {
    return `роли ${claims.role} нужно поле ${attachment}`;
  }
  return undefined;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

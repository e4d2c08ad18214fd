import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { actorOf, type Principal } from './principal';
import { issueToken, TokenRejectedError, VerifiedTokens, verifyToken } from './token';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const keys = keyPair();
const operator: Principal = {
  subject: 'user-1',
  role: 'municipal-operator',
  region: '63',
  municipality: 'tolyatti',
};

async function rejection(token: string, publicKeyPem = keys.publicKeyPem): Promise<string> {
  const error = await verifyToken(token, publicKeyPem).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as Error).message;
}

// Signs arbitrary claims, to present the verifier with tokens our issuer would refuse to make.
function forge(
  claims: Record<string, unknown>,
  issuer = 'pk-platform',
  audience = 'pk',
  lifetime: { issuedAt?: number | null; expires?: string | number | null } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('user-1');
  if (lifetime.issuedAt !== null) jwt.setIssuedAt(lifetime.issuedAt);
  if (lifetime.expires !== null) jwt.setExpirationTime(lifetime.expires ?? '1h');
  return jwt.sign(createPrivateKey(keys.privateKeyPem));
}

describe('issueToken and verifyToken', () => {
  it('round-trips the principal', async () => {
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    expect(await verifyToken(token, keys.publicKeyPem)).toEqual(operator);
  });

  it('rejects a tampered token', async () => {
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    const [header, , signature] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...operator, region: '24' })).toString('base64url');
    expect(await rejection(`${header}.${widened}.${signature}`)).toBe('подпись токена не сходится');
  });

  it('rejects a token signed by another key', async () => {
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    expect(await rejection(token, keyPair().publicKeyPem)).toBe('подпись токена не сходится');
  });

  it('rejects an expired token', async () => {
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '-2h' });
    expect(await rejection(token)).toBe('срок действия токена истёк');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    const claims = { role: 'teacher', region: '63' };
    expect(await rejection(await forge(claims, 'pk-platform', 'elsewhere'))).toBe(
      'токен предназначен не для pk',
    );
    expect(await rejection(await forge(claims, 'someone-else'))).toBe('токен выдан не pk-platform');
  });

  it.each([
    [{ role: 'superuser', region: '63' }, 'неизвестная роль "superuser"'],
    [{ role: 'teacher' }, 'нет региона (region)'],
    [{ role: 'municipal-operator', region: '63' }, 'роли municipal-operator нужно поле municipality'],
  ])('rejects claims %j', async (claims, message) => {
    expect(await rejection(await forge(claims))).toContain(message);
  });

  it('rejects a correctly signed token that never expires, or lives longer than a day', async () => {
    const claims = { role: 'teacher', region: '63' };
    expect(await rejection(await forge(claims, undefined, undefined, { expires: null }))).toBe(
      'у токена нет срока действия (exp); бессрочных токенов не бывает',
    );
    expect(await rejection(await forge(claims, undefined, undefined, { expires: '30d' }))).toBe(
      'токен живёт 720 ч; допускается не больше 24 ч',
    );
    expect(await rejection(await forge(claims, undefined, undefined, { issuedAt: null }))).toBe(
      'у токена нет времени выдачи (iat)',
    );
    expect(
      await verifyToken(await forge(claims, undefined, undefined, { expires: '24h' }), keys.publicKeyPem),
    ).toMatchObject({ role: 'teacher' });
  });

  it('rejects a token issued in the future, beyond the clock tolerance', async () => {
    const claims = { role: 'teacher', region: '63' };
    const now = Math.floor(Date.now() / 1000);
    // "issued in 2099", expiring 23 h later: exp − iat is within the cap, yet no issuer made it today
    const in2099 = Math.floor(Date.UTC(2099, 0, 1) / 1000);
    expect(
      await rejection(
        await forge(claims, undefined, undefined, { issuedAt: in2099, expires: in2099 + 23 * 3600 }),
      ),
    ).toBe('токен выдан в будущем (iat); часы могут расходиться не больше чем на 30 с');
    expect(
      await rejection(
        await forge(claims, undefined, undefined, { issuedAt: now + 120, expires: now + 3600 }),
      ),
    ).toBe('токен выдан в будущем (iat); часы могут расходиться не больше чем на 30 с');
    // an issuer's clock a few seconds ahead is tolerated
    expect(
      await verifyToken(
        await forge(claims, undefined, undefined, { issuedAt: now + 10, expires: now + 3600 }),
        keys.publicKeyPem,
      ),
    ).toMatchObject({ role: 'teacher' });
  });

  it('refuses to issue a token that lives longer than a day', async () => {
    await expect(issueToken(keys.privateKeyPem, operator, { ttl: '7d' })).rejects.toThrow(
      'cannot issue token: lifetime 7d is longer than 24 h',
    );
  });

  it('rejects a malformed token', async () => {
    expect(await rejection('not-a-token')).toMatch(/^токен повреждён/);
  });

  it('refuses to issue a token without the attachment its role needs', async () => {
    await expect(
      issueToken(keys.privateKeyPem, { subject: 'c', role: 'provider', region: '24' }, { ttl: '1h' }),
    ).rejects.toThrow('cannot issue token: роли provider нужно поле organization');
  });

  it('round-trips a federal token, which names every region ("*")', async () => {
    const federal: Principal = { subject: 'fed-1', role: 'federal-analyst', region: '*' };
    const token = await issueToken(keys.privateKeyPem, federal, { ttl: '1h' });
    expect(await verifyToken(token, keys.publicKeyPem)).toEqual(federal);
  });

  it('refuses a federal token bound to one region, and "*" for a region-bound role', async () => {
    await expect(
      issueToken(keys.privateKeyPem, { subject: 'f', role: 'federal-analyst', region: '63' }, { ttl: '1h' }),
    ).rejects.toThrow('роль federal-analyst не привязана к региону');
    await expect(
      issueToken(keys.privateKeyPem, { subject: 'm', role: 'ministry-admin', region: '*' }, { ttl: '1h' }),
    ).rejects.toThrow('допустим только для роли federal-analyst');
    // and the verifier refuses such tokens signed by someone who skipped the issuer's check
    expect(await rejection(await forge({ role: 'federal-analyst', region: '63' }))).toMatch(
      /^токен отклонён: роль federal-analyst не привязана к региону/,
    );
    expect(await rejection(await forge({ role: 'ministry-admin', region: '*' }))).toMatch(
      /^токен отклонён: регион "\*" \(все регионы\) допустим только/,
    );
  });
});

describe('actorOf', () => {
  it('records the subject and role as the event actor', () => {
    expect(actorOf(operator)).toEqual({ id: 'user-1', role: 'municipal-operator' });
  });
});

describe('VerifiedTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('admits a token it verified before as a fresh check does, and a copy each time', async () => {
    const tokens = new VerifiedTokens(keys.publicKeyPem);
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    const first = await tokens.verify(token);
    const again = await tokens.verify(token);
    expect(first).toEqual(operator);
    expect(again).toEqual(operator);
    expect(again).not.toBe(first);
  });

  it('refuses a token it verified once it has expired', async () => {
    const tokens = new VerifiedTokens(keys.publicKeyPem);
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '1h' });
    expect(await tokens.verify(token)).toEqual(operator);
    jest.useFakeTimers({ now: Date.now() + 2 * 3600_000, doNotFake: ['nextTick', 'setImmediate'] });
    const error = await tokens.verify(token).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect((error as Error).message).toBe('срок действия токена истёк');
  });

  it('checks a tampered copy of a verified token afresh', async () => {
    const tokens = new VerifiedTokens(keys.publicKeyPem);
    const token = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    await tokens.verify(token);
    const [header, , signature] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...operator, region: '24' })).toString('base64url');
    await expect(tokens.verify(`${header}.${widened}.${signature}`)).rejects.toThrow(
      'подпись токена не сходится',
    );
  });

  it('forgets the oldest tokens past its size, and still admits them after a fresh check', async () => {
    const tokens = new VerifiedTokens(keys.publicKeyPem, 1);
    const one = await issueToken(keys.privateKeyPem, operator, { ttl: '8h' });
    const other = await issueToken(keys.privateKeyPem, { ...operator, subject: 'user-2' }, { ttl: '8h' });
    await tokens.verify(one);
    expect((await tokens.verify(other)).subject).toBe('user-2');
    expect((await tokens.verify(one)).subject).toBe('user-1');
  });
});

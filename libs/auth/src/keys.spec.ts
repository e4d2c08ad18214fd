import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevelopmentKeys, loadPublicKey } from './keys';
import { issueToken, verifyToken } from './token';

describe('development keys and loadPublicKey', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'pk-auth-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a matching pair once, the private key readable by its owner only', async () => {
    const files = ensureDevelopmentKeys(path.join(dir, 'keys'));
    const privateKeyPem = readFileSync(files.privateKeyFile, 'utf8');
    expect(statSync(files.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(ensureDevelopmentKeys(path.join(dir, 'keys'))).toEqual(files);
    expect(readFileSync(files.privateKeyFile, 'utf8')).toBe(privateKeyPem);

    const publicKeyPem = loadPublicKey({ AUTH_PUBLIC_KEY_FILE: files.publicKeyFile });
    const principal = { subject: 'u', role: 'teacher', region: '24' } as const;
    const token = await issueToken(privateKeyPem, principal, { ttl: '1m' });
    expect(await verifyToken(token, publicKeyPem)).toEqual(principal);
  });

  it('restores a lost public key from the private one', () => {
    const files = ensureDevelopmentKeys(dir);
    const publicKeyPem = readFileSync(files.publicKeyFile, 'utf8');
    unlinkSync(files.publicKeyFile);
    ensureDevelopmentKeys(dir);
    expect(readFileSync(files.publicKeyFile, 'utf8')).toBe(publicKeyPem);
  });

  it('prefers AUTH_PUBLIC_KEY and unfolds a one-line PEM', () => {
    const file = path.join(dir, 'unused.pem');
    writeFileSync(file, 'from file');
    expect(loadPublicKey({ AUTH_PUBLIC_KEY: 'line1\\nline2', AUTH_PUBLIC_KEY_FILE: file })).toBe(
      'line1\nline2',
    );
  });

  it('names both variables when neither is set, and the file when it cannot be read', () => {
    expect(() => loadPublicKey({})).toThrow(/AUTH_PUBLIC_KEY .*AUTH_PUBLIC_KEY_FILE/);
    expect(() => loadPublicKey({ AUTH_PUBLIC_KEY_FILE: path.join(dir, 'absent.pem') })).toThrow(
      /AUTH_PUBLIC_KEY_FILE=.*absent\.pem cannot be read/,
    );
  });
});

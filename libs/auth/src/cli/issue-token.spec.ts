import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDevelopmentKeys, loadPublicKey } from '../keys';
import { verifyToken } from '../token';
import { parseTokenRequest, UsageError } from './issue-token';

describe('parseTokenRequest', () => {
  it('builds the claims, with a subject and lifetime by default', () => {
    expect(
      parseTokenRequest(['--role', 'municipal-operator', '--region', '63', '--municipality', 'tolyatti']),
    ).toEqual({
      claims: {
        subject: 'dev-municipal-operator',
        role: 'municipal-operator',
        region: '63',
        municipality: 'tolyatti',
      },
      ttl: '8h',
    });
  });

  it('names every region for the federal role, which needs no --region', () => {
    expect(parseTokenRequest(['--role', 'federal-analyst'])).toMatchObject({
      claims: { subject: 'dev-federal-analyst', role: 'federal-analyst', region: '*' },
    });
    expect(parseTokenRequest(['--role', 'federal-analyst', '--region', '*']).claims.region).toBe('*');
  });

  it.each([
    [['--role', 'janitor', '--region', '63'], '--role must be one of ministry-admin'],
    [['--role', 'federal-analyst', '--region', '63'], '--region must be omitted (or "*") for role'],
    [['--role', 'ministry-admin', '--region', '*'], '--region "*" is only for role federal-analyst'],
    [['--role', 'teacher'], '--region is required'],
    [
      ['--role', 'municipal-operator', '--region', '63'],
      '--municipality is required for role municipal-operator',
    ],
    [
      ['--role', 'school-coordinator', '--region', '63'],
      '--organization is required for role school-coordinator',
    ],
    [['--role', 'provider', '--region', '24'], '--organization is required for role provider'],
    [['--role', 'teacher', '--region', '63', '--ttl', 'forever'], '--ttl must look like'],
    [['--role', 'teacher', '--region', ''], '--region must not be empty'],
    [['--role', 'teacher', '--region', '63', '--regoin', '24'], "Unknown option '--regoin'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseTokenRequest(args)).toThrow(UsageError);
    expect(() => parseTokenRequest(args)).toThrow(message);
  });
});

describe('issue-token command', () => {
  const run = promisify(execFile);
  const script = path.join(__dirname, 'issue-token.ts');
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'pk-token-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function issue(args: string[]) {
    const { AUTH_PRIVATE_KEY_FILE: _ignored, ...inherited } = process.env;
    const env = { ...inherited, PK_LOCAL_DIR: dir };
    return run(process.execPath, ['-r', '@swc-node/register', script, ...args], { env });
  }

  it('prints only a token that the local stack key verifies', async () => {
    const { stdout } = await issue(['--role', 'teacher', '--region', '24', '--subject', 'user-7']);
    const publicKeyPem = loadPublicKey({
      AUTH_PUBLIC_KEY_FILE: ensureDevelopmentKeys(path.join(dir, 'keys')).publicKeyFile,
    });
    expect(await verifyToken(stdout.trim(), publicKeyPem)).toEqual({
      subject: 'user-7',
      role: 'teacher',
      region: '24',
    });
  });

  it('exits 2 naming the bad argument', async () => {
    await expect(issue(['--role', 'provider', '--region', '63'])).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('--organization is required for role provider'),
    });
  });
});

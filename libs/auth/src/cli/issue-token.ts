// Issues a token for local work and demos:
//   npm run token -- --role municipal-operator --region 63 --municipality tolyatti
//   npm run token -- --role federal-analyst            (every region: its token's region is "*")
// Only the token goes to stdout, so `TOKEN=$(npm run -s token -- …)` works in scripts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevelopmentKeys } from '../keys';
import {
  ALL_REGIONS,
  attachmentRequiredFor,
  isFederal,
  isRole,
  ROLES,
  type Principal,
  regionClaimProblem,
} from '../principal';
import { issueToken } from '../token';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Bad command line: exit code 2, as for any Unix tool. */
export class UsageError extends Error {}

export interface TokenRequest {
  readonly claims: Principal;
  readonly ttl: string;
  readonly privateKeyFile?: string;
}

export function parseTokenRequest(args: string[]): TokenRequest {
  const values = parseOptions(args);
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`--${name} must not be empty`);
  }
  const { role, municipality, organization, subject, ttl = '8h' } = values;
  if (!isRole(role)) {
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got ${role ?? 'nothing'}`);
  }
  // the federal role names every region, so it needs no --region (and takes none but "*")
  const region = values.region ?? (isFederal(role) ? ALL_REGIONS : undefined);
  if (region === undefined) throw new UsageError('--region is required, e.g. --region 63');
  if (regionClaimProblem(role, region) !== undefined) {
    throw new UsageError(
      isFederal(role)
        ? `--region must be omitted (or "${ALL_REGIONS}") for role ${role}: it reads every region`
        : `--region "${ALL_REGIONS}" is only for role federal-analyst`,
    );
  }
  const attachment = attachmentRequiredFor(role);
  if (attachment !== undefined && values[attachment] === undefined) {
    throw new UsageError(`--${attachment} is required for role ${role}`);
  }
  if (!/^\d+[smhd]$/.test(ttl))
    throw new UsageError(`--ttl must look like 30m, 8h or 1d (at most 24 h); got ${ttl}`);
  return {
    claims: { subject: subject ?? `dev-${role}`, role, region, municipality, organization },
    ttl,
    privateKeyFile: values['private-key-file'],
  };
}

function parseOptions(args: string[]) {
  const text = { type: 'string' } as const;
  try {
    return parseArgs({
      args,
      options: {
        role: text,
        region: text,
        municipality: text,
        organization: text,
        subject: text,
        ttl: text,
        'private-key-file': text,
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

// Only the local stack's own key is created on demand; a key file named explicitly must exist.
function privateKeyFile(request: TokenRequest, env: NodeJS.ProcessEnv): string {
  const named = request.privateKeyFile ?? env['AUTH_PRIVATE_KEY_FILE'];
  if (named !== undefined) return named;
  const localDir = path.resolve(env['PK_LOCAL_DIR'] || path.join(REPO_ROOT, '.local'));
  return ensureDevelopmentKeys(path.join(localDir, 'keys')).privateKeyFile;
}

async function main(): Promise<void> {
  try {
    const request = parseTokenRequest(process.argv.slice(2));
    const privateKeyPem = readFileSync(privateKeyFile(request, process.env), 'utf8');
    process.stdout.write(`${await issueToken(privateKeyPem, request.claims, { ttl: request.ttl })}\n`);
  } catch (error) {
    process.stderr.write(`issue-token: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) void main();

import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { issueToken, type Principal } from '@pk/auth';
import type { ApiAnswer, ApiClient } from '@pk/test-kit';
import { freePort, startProcess } from '@pk/test-kit';

const ROOT = path.resolve(__dirname, '../../..');

/** Another service of the platform running as its own process, as the stack runs it. */
export interface ServiceProcess {
  readonly url: string;
  /** Requests carrying a token for this principal, signed with the key the process was given. */
  as(principal: Principal): ApiClient;
  /** The process's output so far: what a failing spec prints to say why. */
  output(): string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts another service (`services/<name>/src/main.ts`) as a real process on the integration
 * servers this jest run uses (KAFKA_BROKERS, DATABASE_URL and MONGODB_URL from the global setup),
 * on a free port, verifying tokens with a key of the spec's own. A spec of one service may not
 * import another service's code (the module boundaries keep services deployable alone), so a spec
 * that needs both in the loop runs the other one the way production does: a process of its own,
 * reached over HTTP and Kafka only.
 */
export async function startServiceProcess(name: string): Promise<ServiceProcess> {
  const keys = generateKeyPairSync('ed25519');
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess(
    process.execPath,
    ['-r', '@swc-node/register', path.join('services', name, 'src', 'main.ts')],
    {
      name,
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        AUTH_PUBLIC_KEY: publicKeyPem,
        AUTH_PUBLIC_KEY_FILE: '',
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
      },
      ready: async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true,
      timeoutMs: 120_000,
      pollMs: 250,
    },
  );

  const call = async <TBody>(principal: Principal, method: string, route: string, body?: unknown) => {
    const token = await issueToken(privateKeyPem, principal, { ttl: '5m' });
    const csv = typeof body === 'string';
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
      },
      body: body === undefined ? undefined : csv ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {}; // a file (CSV): read from `text`
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      etag: response.headers.get('etag'),
      location: response.headers.get('location'),
      body: parsed as TBody,
      text,
    } satisfies ApiAnswer<TBody>;
  };
  return {
    url,
    as: (principal) => ({
      get: (route) => call(principal, 'GET', route),
      post: (route, body) => call(principal, 'POST', route, body),
      put: (route, body) => call(principal, 'PUT', route, body),
    }),
    output: () => started.output(),
    stop: () => started.stop(),
  };
}

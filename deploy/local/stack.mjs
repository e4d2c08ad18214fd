#!/usr/bin/env node
// The local stack's command line: install | up [--with-services] | down | status | reset.
// Without a Docker engine it runs Kafka, PostgreSQL and FerretDB as local processes
// (stack-lib.mjs); where Docker answers it hands over to docker-compose.yml instead.
// PK_STACK=native|docker|auto chooses, PK_LOCAL_DIR and PK_PORT_OFFSET isolate a second stack.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  ROOT,
  StackError,
  down,
  install,
  reset,
  quietKafkaJsTimeoutWarning,
  stackConfig,
  stackMode,
  status,
  up,
} from './stack-lib.mjs';

quietKafkaJsTimeoutWarning();

const USAGE = `usage: node deploy/local/stack.mjs <install | up [--with-services] | down | status | reset>`;

function compose(args) {
  const result = spawnSync('docker', ['compose', '-f', path.join(ROOT, 'docker-compose.yml'), ...args], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

async function main([command, ...flags]) {
  const unknown = flags.filter((f) => f !== '--with-services');
  if (!command || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const withServices = flags.includes('--with-services');

  if (stackMode() === 'docker') {
    const infra = ['kafka', 'postgres', 'mongodb', 'kurrentdb'];
    // the service images copy the folders deploy/images/build-images.ts makes (compiled, production packages)
    const buildImageFolders = () =>
      spawnSync('npm', ['run', '-s', 'images:build'], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
    switch (command) {
      case 'install':
        return buildImageFolders() || compose(['build']);
      case 'up':
        if (withServices && buildImageFolders() !== 0) return 1;
        return compose(['up', '-d', '--wait', '--build', ...(withServices ? [] : infra)]);
      case 'down':
        return compose(['down']);
      case 'reset':
        return compose(['down', '--volumes']);
      case 'status':
        return compose(['ps']);
    }
    console.error(USAGE);
    return 2;
  }

  const config = stackConfig();
  const t0 = Date.now();
  switch (command) {
    case 'install':
      install();
      console.log(
        `Kafka, FerretDB and PostgreSQL binaries are in place (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
      );
      return 0;
    case 'up':
      await up(config, { withServices });
      console.log(
        `stack up in ${((Date.now() - t0) / 1000).toFixed(1)}s; data and logs under ${config.localDir}`,
      );
      return 0;
    case 'down':
      await down(config);
      return 0;
    case 'reset':
      await reset(config);
      return 0;
    case 'status': {
      const rows = await status(config);
      for (const r of rows) {
        console.log(
          `${r.name.padEnd(12)} ${r.state.padEnd(10)} ${String(r.pid ?? '-').padEnd(8)} ${r.address}  log: ${r.log}`,
        );
      }
      // Non-zero when a server is not healthy, so scripts can wait on it; services are optional.
      return rows.every((r) => r.kind !== 'server' || r.state === 'healthy') ? 0 : 1;
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof StackError ? `stack: ${error.message}` : error);
    process.exit(1);
  },
);

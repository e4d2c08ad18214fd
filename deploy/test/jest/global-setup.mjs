// Gives integration tests real servers and publishes their addresses as environment variables
// (KAFKA_BROKERS, DATABASE_URL, MONGODB_URL), which jest's workers inherit.
// - Docker answers: testcontainers brings up the servers of docker-compose.yml (production images).
// - Otherwise: a local stack of the tests' own — its own folder (.local/test-stack) and ports (the
//   developer's shifted by TEST_PORT_OFFSET) — so tests never touch the data, topics, read stores
//   or consumer groups of a stack a developer runs with `npm start`. Whatever this run starts is
//   remembered so the teardown stops exactly that and removes its data (PK_KEEP_STACK=1 keeps both
//   for the next run).
import path from 'node:path';
import { ROOT, stackConfig, stackMode, up } from '../../local/stack-lib.mjs';

/** The tests' stack: beside a developer's (offset 0) and below the e2e stacks' random offsets (1000 and up). */
const TEST_PORT_OFFSET = 700;

/** The environment that names the tests' own stack (explicit PK_LOCAL_DIR / PK_PORT_OFFSET win). */
export function testStackEnvironment(env = process.env) {
  return {
    ...env,
    PK_LOCAL_DIR: env.PK_LOCAL_DIR ?? path.join(ROOT, '.local', 'test-stack'),
    PK_PORT_OFFSET: env.PK_PORT_OFFSET ?? String(TEST_PORT_OFFSET),
  };
}

export const startedByTests = { components: [], compose: null };

export default async function globalSetup() {
  const log = (line) => process.stdout.write(`[stack] ${line}\n`);
  if (stackMode() === 'docker') {
    const { DockerComposeEnvironment, Wait } = await import('testcontainers');
    log(
      'Docker answers: starting kafka, postgres, mongodb and kurrentdb from docker-compose.yml with testcontainers',
    );
    startedByTests.compose = await new DockerComposeEnvironment(ROOT, 'docker-compose.yml')
      .withWaitStrategy('kafka-1', Wait.forHealthCheck())
      .withWaitStrategy('postgres-1', Wait.forHealthCheck())
      .withWaitStrategy('mongodb-1', Wait.forHealthCheck())
      .withWaitStrategy('kurrentdb-1', Wait.forHealthCheck())
      .up(['kafka', 'postgres', 'mongodb', 'kurrentdb']);
    // docker-compose.yml publishes the same host ports as the local stack, and KurrentDB on 2113,
    // which lets the KurrentDB adapter's contract suite run.
    Object.assign(
      process.env,
      stackConfig().endpoints,
      { KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' },
      pick(process.env),
    );
    // no local stack made a teacher-id key file: the development key docker-compose.yml gives the service
    delete process.env['TEACHER_ID_KEY_FILE'];
    process.env['TEACHER_ID_KEY'] ??= 'de7e10900000000000000000000000000000000000000000000000000000de7e';
    return;
  }
  const config = stackConfig(testStackEnvironment());
  log(`the tests' own stack: ${config.localDir}, ports offset by ${config.ports.kafka - 19092}`);
  startedByTests.components = await up(config, { log });
  Object.assign(process.env, config.endpoints, pick(process.env));
}

/** Addresses given explicitly by the caller win over the stack's defaults. */
function pick(env) {
  return Object.fromEntries(
    ['KAFKA_BROKERS', 'DATABASE_URL', 'MONGODB_URL'].filter((k) => env[k]).map((k) => [k, env[k]]),
  );
}

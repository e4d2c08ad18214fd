// Gives integration tests real servers and publishes their addresses as environment variables
// (KAFKA_BROKERS, DATABASE_URL, MONGODB_URL), which jest's workers inherit.
// - Docker answers: testcontainers brings up the servers of docker-compose.yml (production images).
// - Otherwise: the local stack; whatever already runs is reused, whatever this run starts is
//   remembered so the teardown stops exactly that (PK_KEEP_STACK=1 leaves it running).
import { down, ROOT, SERVICE_NAMES, stackConfig, stackMode, status, up } from '../../local/stack-lib.mjs';

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
  const config = stackConfig();
  startedByTests.components = await up(config, { log });
  // Integration tests run services' modules in-process, in the services' own consumer groups and
  // databases: a service of the stack running beside them would take their partitions and answer
  // their events. Its servers are shared; the services themselves are stopped for the run.
  const running = (await status(config)).filter((row) => row.kind === 'service' && row.pid !== null);
  if (running.length > 0) {
    log(
      `stopping the stack's services for the tests (npm start brings them back): ${running.map((r) => r.name).join(', ')}`,
    );
    await down(config, { only: SERVICE_NAMES, log });
  }
  Object.assign(process.env, config.endpoints, pick(process.env));
}

/** Addresses given explicitly by the caller win over the stack's defaults. */
function pick(env) {
  return Object.fromEntries(
    ['KAFKA_BROKERS', 'DATABASE_URL', 'MONGODB_URL'].filter((k) => env[k]).map((k) => [k, env[k]]),
  );
}

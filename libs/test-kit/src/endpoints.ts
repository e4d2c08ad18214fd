export interface ServerEndpoints {
  /** Kafka bootstrap servers, e.g. ["127.0.0.1:19092"]. */
  readonly kafkaBrokers: string[];
  /** PostgreSQL connection string. */
  readonly databaseUrl: string;
  /** MongoDB-wire connection string (FerretDB locally, MongoDB in docker-compose). */
  readonly mongodbUrl: string;
}

/**
 * Where the integration servers are. The jest global setup exports them; reading them here,
 * with a message naming what is missing, turns a forgotten setup into a clear failure instead
 * of a connection to some default port.
 */
export function serverEndpoints(env: NodeJS.ProcessEnv = process.env): ServerEndpoints {
  const missing = ['KAFKA_BROKERS', 'DATABASE_URL', 'MONGODB_URL'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set: integration tests get their servers from the jest global setup ` +
        `(jest --selectProjects integration) or from these variables.`,
    );
  }
  return {
    kafkaBrokers: env['KAFKA_BROKERS']!.split(',').map((b) => b.trim()),
    databaseUrl: env['DATABASE_URL']!,
    mongodbUrl: env['MONGODB_URL']!,
  };
}

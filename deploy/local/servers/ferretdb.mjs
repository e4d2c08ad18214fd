// FerretDB 1.24 (MongoDB wire protocol) on the stack's PostgreSQL: the read models.
import { FERRETDB_BIN } from '../paths.mjs';

export function ferretDbComponent(config) {
  return {
    name: 'ferretdb',
    port: config.ports.ferretdb,
    address: config.endpoints.MONGODB_URL,
    marker: `-tag ${config.localDir}`,
    // Its backend is the stack's PostgreSQL: FerretDB 1.24 keeps keyed updates linear there,
    // while on SQLite every update scans the collection.
    after: 'postgres',
    prepare() {},
    command() {
      // FerretDB 1.24's update holds one pooled PostgreSQL connection for each statement it has read
      // until the command answers, plus one for the write: its pool wedges for good once the updates
      // in flight from all clients reach pool_max_conns (50 by default). The projection writer keeps
      // 8 in flight per service (libs/projections, UPDATES_IN_FLIGHT): 100 leaves room for the four
      // read-model services, a second replica of each, the tests and the queries
      // (docs/read-models.md, "FerretDB's connection pool"). PostgreSQL allows 300.
      return {
        bin: FERRETDB_BIN,
        args: [
          '-listen',
          `127.0.0.1:${config.ports.ferretdb}`,
          '-handler',
          'postgresql',
          '-postgresql-url',
          `postgres://pk:pk@127.0.0.1:${config.ports.postgres}/ferretdb?pool_max_conns=100`,
          '-tag',
          config.localDir,
        ],
      };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(config.endpoints.MONGODB_URL, { serverSelectionTimeoutMS: 1000 });
      try {
        await client.connect();
        const answer = await client.db('admin').command({ ping: 1 });
        return answer.ok === 1;
      } catch {
        return false;
      } finally {
        await client.close().catch(() => {});
      }
    },
  };
}

import { causesOf, type OutageProbe } from '@pk/kernel';
import type { Connection } from 'mongoose';

/** The driver lost the server (network, election, restart): worth waiting for, not dead-lettering. */
const DRIVER_NETWORK_ERROR =
  /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared)Error$/;

/**
 * The read store behind a mongoose connection as an outage probe. What a server says when its own
 * backend is away differs (FerretDB: an InternalError "failed to connect" or "unexpected EOF";
 * MongoDB: a network error), so besides the driver's network errors it asks: a store that does not
 * answer a ping within the time is away.
 */
export function readStoreOutageProbe(connection: Connection, withinMs = 5_000): OutageProbe {
  return {
    store: 'read store',
    isUnreachable: (error) =>
      causesOf(error).some((cause) => DRIVER_NETWORK_ERROR.test((cause as { name?: string }).name ?? '')),
    answers: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to ping within ${withinMs} ms`)), withinMs);
      });
      try {
        const db = connection.db;
        if (!db) return false;
        await Promise.race([db.command({ ping: 1 }), timeout]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

import { Logger } from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';

export interface ReadStoreConnectionOptions {
  /** How long an operation waits for the store before it fails; default 10 s. */
  readonly serverSelectionTimeoutMS?: number;
  /** The driver's heartbeat period; default 10 s (the driver's own). */
  readonly heartbeatFrequencyMS?: number;
  /** How long a connection attempt or a heartbeat may take; default 10 s. */
  readonly connectTimeoutMS?: number;
  /**
   * Silence of the driver's monitor after which it is taken for stuck and the connection is
   * opened again; default twice the longest a healthy monitor stays silent.
   */
  readonly reopenAfterSilentMs?: number;
  /** How often the silence is looked at; default 5 s. */
  readonly checkEveryMs?: number;
}

/**
 * Opens a service's connection to its read store, and opens it again if the driver stops watching
 * the store.
 *
 * The MongoDB driver sends operations only to a server its monitor has seen answer. Seen on the
 * local stack (driver 7.8): when FerretDB dropped all its connections at once (an operator
 * restarting a wedged store), a heartbeat that was in flight never settled; the monitor stayed
 * "busy" with it for good, the server stayed "Unknown" with the last network error, and every
 * operation failed server selection — the service answered 500 until it was restarted, although
 * FerretDB answered again. A healthy monitor reports a heartbeat, answered or failed, at least
 * every heartbeat period plus the connect timeout; much longer silence means it is stuck, and
 * the connection is closed and opened on the same Connection object (its models stay bound to it).
 * A store that is down does not trigger this: its heartbeats fail, and each failure is a report.
 */
export async function connectReadStore(
  url: string,
  options: ReadStoreConnectionOptions = {},
): Promise<Connection> {
  const logger = new Logger('read-store');
  const driverOptions = {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    heartbeatFrequencyMS: options.heartbeatFrequencyMS ?? 10_000,
    connectTimeoutMS: options.connectTimeoutMS ?? 10_000,
  };
  const silentLimit =
    options.reopenAfterSilentMs ?? 2 * (driverOptions.heartbeatFrequencyMS + driverOptions.connectTimeoutMS);
  const connection = mongoose.createConnection(url, driverOptions);

  let lastHeard = Date.now();
  const heard = () => (lastHeard = Date.now());
  const listen = () => {
    const client = connection.getClient();
    client.on('serverHeartbeatSucceeded', heard);
    client.on('serverHeartbeatFailed', heard);
  };
  let reopening = false;
  let closedOnPurpose = false;
  const checkEveryMs = options.checkEveryMs ?? 5_000;
  let lastLook = Date.now();
  const watching = setInterval(() => {
    // A look that comes late means this process's event loop stood still (a long synchronous task,
    // a starved machine): the driver's reports could not be heard either, so its silence says
    // nothing about the store. It gets a whole limit from now; reopening would close a healthy
    // client under the requests in flight (seen as 500 MongoNotConnectedError on a loaded machine).
    const now = Date.now();
    const stood = now - lastLook > 2 * checkEveryMs;
    lastLook = now;
    if (stood) heard();
    if (reopening || closedOnPurpose || now - lastHeard < silentLimit) return;
    reopening = true;
    void (async () => {
      logger.warn(
        `the driver has reported no heartbeat of the read store for ${Math.round((Date.now() - lastHeard) / 1000)} s: connecting again`,
      );
      try {
        // not forced: mongoose refuses every later operation on a connection closed by force
        await connection.close();
        await connection.openUri(url, driverOptions);
        listen();
        heard();
        logger.log('connected to the read store again');
      } catch (error) {
        // the store may be away as well: the next look tries again
        logger.warn(`could not connect to the read store again: ${String(error)}`);
        heard();
      } finally {
        reopening = false;
      }
    })();
  }, checkEveryMs);
  watching.unref();
  connection.on('close', () => {
    if (reopening) return;
    closedOnPurpose = true;
    clearInterval(watching);
  });

  try {
    await connection.asPromise();
  } catch (error) {
    clearInterval(watching);
    throw error;
  }
  listen();
  heard();
  return connection;
}

import { readStoreWithCuttableBackend, type ReadStoreWithCuttableBackend, until } from '@pk/test-kit';
import mongoose, { type Connection, Schema } from 'mongoose';
import { connectReadStore } from './read-store-connection';

/** The driver's monitor of a server, as far as the test reaches into it. */
interface Monitor {
  connection?: { command: (...args: unknown[]) => Promise<unknown> } | null;
}

/**
 * Puts the client into the state seen on the stack: the monitor's next heartbeat never settles,
 * so the monitor stays busy for good. Reaching into the driver is the only way to produce on
 * purpose what a race produced there (the store dropping every connection while a heartbeat was
 * in flight).
 */
async function freezeMonitor(connection: Connection): Promise<void> {
  const topology = (
    connection.getClient() as unknown as { topology: { s: { servers: Map<string, { monitor?: Monitor }> } } }
  ).topology;
  for (const server of topology.s.servers.values()) {
    const monitorConnection = server.monitor?.connection;
    if (!monitorConnection) throw new Error('the monitor has no connection to freeze');
    monitorConnection.command = () => new Promise(() => undefined);
  }
  // the next heartbeat (every 500 ms here) takes the frozen path
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** Another client wedges FerretDB (50 guarded updates in one command): reads then wait, in flight. */
async function wedge(url: string): Promise<void> {
  const other = await mongoose.createConnection(url).asPromise();
  const ids = Array.from({ length: 50 }, (_, i) => `w${i}`);
  await other.collection('wedge').insertMany(ids.map((_id) => ({ _id, _position: 1 }) as never));
  void other
    .collection('wedge')
    .bulkWrite(
      ids.map((id) => ({
        updateOne: {
          filter: { _id: id, _position: { $lt: 2 } } as never,
          update: { $set: { _position: 2 } },
          upsert: true,
        },
      })),
      { ordered: false },
    )
    .catch(() => undefined)
    .finally(() => void other.close(true));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

// A service's read-store connection when the store comes back after its monitor stopped: seen on
// the stack, expertise answered 500 until it was restarted although FerretDB answered again.
describe('the read-store connection (integration)', () => {
  let store: ReadStoreWithCuttableBackend;
  let connection: Connection;
  const providers = () =>
    connection.models['providers'] ??
    connection.model('providers', new Schema({ _id: String, region: String }, { versionKey: false }));

  beforeEach(async () => {
    store = await readStoreWithCuttableBackend();
    connection = await connectReadStore(store.mongodbUrl, {
      serverSelectionTimeoutMS: 2_000,
      heartbeatFrequencyMS: 500,
      connectTimeoutMS: 2_000,
      reopenAfterSilentMs: 5_000,
      checkEveryMs: 500,
    });
  });
  afterEach(async () => {
    await connection.close(true);
    await store.stop();
  });

  it('answers again after the store restarted while the driver’s monitor was stuck', async () => {
    await providers().create({ _id: 'p1', region: '63' });
    await wedge(store.mongodbUrl);
    await freezeMonitor(connection);
    // a read in flight when the store goes: its connection's close marks the server unknown, and
    // only a heartbeat can bring it back
    const inFlight = providers()
      .findById('p1')
      .lean()
      .catch((error: unknown) => error);
    await store.restart({ downForMs: 1_000 });
    expect(String(await inFlight)).toMatch(/closed|ECONNRESET/);
    await until(
      async () =>
        (await providers()
          .findById('p1')
          .lean()
          .catch(() => null)) !== null,
      'a read of the restarted store through the same models',
      { timeoutMs: 30_000, pollMs: 500 },
    );
    await providers().create({ _id: 'p2', region: '63' });
    expect(await providers().countDocuments()).toBe(2);
  });

  it('keeps its client when this process stood still longer than the silence limit', async () => {
    await providers().create({ _id: 'p1', region: '63' });
    let closed = false;
    connection.once('close', () => (closed = true));
    // a long synchronous task (or a starved machine): no heartbeat can be heard meanwhile
    const until6s = Date.now() + 6_000;
    while (Date.now() < until6s);
    const right = await providers().findById('p1').lean();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // three looks at the silence
    const after = await providers().findById('p1').lean();
    expect({ right: right?._id, after: after?._id, closed }).toEqual({
      right: 'p1',
      after: 'p1',
      closed: false,
    });
  });

  it('stays closed once the service closes it', async () => {
    await connection.close();
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(connection.readyState).toBe(mongoose.ConnectionStates.disconnected);
  });
});

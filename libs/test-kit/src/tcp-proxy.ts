import net from 'node:net';
import { serverEndpoints } from './endpoints';

/** A TCP proxy a test can cut: how a server becomes unreachable for a client without stopping it. */
export interface CuttableTcpProxy {
  readonly port: number;
  /** Open connections drop and new ones are refused, as when the server is gone. */
  cut(): void;
  /** Connections are accepted again, on the same port. */
  restore(): Promise<void>;
}

export async function cuttableTcpProxy(host: string, targetPort: number): Promise<CuttableTcpProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    open.add(client).add(upstream);
    for (const socket of [client, upstream]) socket.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    cut() {
      if (server.listening) server.close();
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => listen(port),
  };
}

/** The test servers' PostgreSQL reached through a proxy the test can cut: an outage as a service meets it. */
export interface PostgresWithCuttableConnection {
  /** The database URL through the proxy. */
  readonly databaseUrl: string;
  cut(): void;
  restore(): Promise<void>;
}

export async function postgresWithCuttableConnection(): Promise<PostgresWithCuttableConnection> {
  const direct = new URL(serverEndpoints().databaseUrl);
  const proxy = await cuttableTcpProxy(direct.hostname, Number(direct.port));
  const through = new URL(direct);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  return { databaseUrl: through.toString(), cut: () => proxy.cut(), restore: () => proxy.restore() };
}

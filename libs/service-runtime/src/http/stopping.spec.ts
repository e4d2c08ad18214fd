import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { releaseConnectionsWhenStopping } from './stopping';

describe('releaseConnectionsWhenStopping', () => {
  it('answers Connection: close once stopping and closes the idle kept-alive connections', async () => {
    let stopping = false;
    const middlewares: Parameters<Parameters<typeof releaseConnectionsWhenStopping>[1]>[0][] = [];
    const server = http.createServer((request, response) => {
      for (const middleware of middlewares) middleware(request, response, () => undefined);
      response.end('ok');
    });
    server.keepAliveTimeout = 60_000;
    const release = releaseConnectionsWhenStopping(
      server,
      (m) => middlewares.push(m),
      () => stopping,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ connection: string | undefined; socket: Socket | null }>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ connection: response.headers.connection, socket: request.socket }),
            );
          },
        );
        request.on('error', reject);
      });

    const first = await get();
    expect(first.connection).toBe('keep-alive');
    // an idle kept-alive connection is closed when the signal comes
    const closed = new Promise((resolve) => first.socket?.once('close', resolve));
    stopping = true;
    release();
    await closed;
    // a request on a new connection is answered and told to close it
    const second = await get();
    expect(second.connection).toBe('close');
    expect(second.socket).not.toBe(first.socket);

    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});

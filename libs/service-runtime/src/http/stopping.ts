import type { Server } from 'node:http';

/** The part of Express's middleware signature the hook needs. */
type Middleware = (
  request: unknown,
  response: { setHeader(name: string, value: string): unknown },
  next: () => void,
) => void;

/**
 * Lets a stopping service's keep-alive connections go. Closing the HTTP server stops new
 * connections only: a client that sends on one kept-alive connection more often than its idle
 * timeout (one request every 3 s, say) keeps it, and the process, alive for good — enrollment
 * outlived the runner's 90 s after SIGTERM that way under the rolling restart's load. So once
 * told to stop, every answer says `Connection: close` (the client opens its next request
 * elsewhere: the new replica) and the connections idle at that moment are closed at once.
 * Returns what to call when the signal comes.
 */
export function releaseConnectionsWhenStopping(
  server: Pick<Server, 'closeIdleConnections'>,
  use: (middleware: Middleware) => void,
  stopping: () => boolean,
): () => void {
  use((_request, response, next) => {
    if (stopping()) response.setHeader('Connection', 'close');
    next();
  });
  return () => server.closeIdleConnections();
}

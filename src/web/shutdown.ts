/**
 * Graceful shutdown of an HTTP server: stop accepting connections, let every response in flight finish sending,
 * then close the connections, ending whatever is left after a timeout. Node's own `server.close()` destroys every
 * connection it deems idle, and a connection whose response is all queued but still being flushed to a slow client
 * counts as idle: a 20 MB download would stop half-way with status 200.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';

/**
 * Starts tracking the connections of `server` (call it before it listens) and returns the function that closes it
 * gracefully, resolving once every connection has ended (within `timeoutMs`).
 * @example
 * const close = gracefulClose(server); server.listen(3000); … await close(10_000);
 */
export function gracefulClose(server: http.Server): (timeoutMs: number) => Promise<void> {
  const sockets = new Set<Socket>();
  /** Responses each connection has not finished sending. */
  const inFlight = new Map<Socket, number>();
  let closing = false;

  // Ends a connection once its writes are flushed: `end()` sends what is queued, then closes.
  const endWhenIdle = (socket: Socket): void => {
    if (!inFlight.get(socket)) socket.end();
  };

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      inFlight.delete(socket);
    });
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1);
      if (closing) endWhenIdle(socket);
    };
    res.once('finish', finished);
    res.once('close', finished);
  });

  let closed: Promise<void> | null = null;
  return (timeoutMs) =>
    (closed ??= new Promise<void>((resolve) => {
      closing = true;
      // What server.close() calls first: end idle connections gently instead of destroying them mid-flush.
      server.closeIdleConnections = () => {
        for (const s of sockets) endWhenIdle(s);
      };
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    }));
}

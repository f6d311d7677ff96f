import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AppConfig } from '@delineo/config';

/**
 * Slowloris bounds (issue 13 §3), set before listening because Node reads the checking interval
 * then. The header block must arrive within headersTimeout, the whole request (a STOW body
 * included) within requestTimeout; a sender past either gets 408 and the socket is closed. Node
 * checks every connectionsCheckingInterval (default 30 s), so it is half the headers timeout here:
 * a stalled sender is closed within 1.5 times it. Header size and count stay at Node's defaults
 * (16 KiB in all, `--max-http-header-size`, 431 beyond; header lines past `maxHeadersCount` dropped).
 */
export function boundHttpTimeouts(server: Server, http: AppConfig['http']): void {
  server.requestTimeout = http.requestTimeoutSeconds * 1000;
  // Never past the request timeout (Node refuses that combination at createServer).
  server.headersTimeout = Math.min(http.headersTimeoutSeconds, http.requestTimeoutSeconds) * 1000;
  // The createServer option, which Nest does not pass on; Node reads the property when listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    30_000,
    server.headersTimeout / 2,
  );
  // Longer than the usual proxy/client idle timeouts (60 s): a server that closes an idle keep-alive
  // socket as a request arrives on it makes the client see ECONNRESET. It may exceed headersTimeout:
  // Node starts the headers clock at a request's first byte, not when the connection goes idle.
  server.keepAliveTimeout = 65_000;
}

/**
 * Node's server.close() (20.x) closes only the connections idle between two requests. It leaves
 * open a connection that has not sent a request yet (a browser's preconnect; undici reconnecting
 * once an event stream's socket closes) and a keep-alive one whose response ends after close(), so
 * a close would wait for the client to leave (up to keepAliveTimeout, 65 s). RFC 9112 §9.6 lets a
 * server close a connection with no request in flight: from the returned call on, such
 * connections are closed, as is each one when its last response has been sent. Requests in
 * flight (a STOW upload, an event stream until its hub ends it) finish first.
 */
export function closeConnectionsOnShutdown(server: Server): () => void {
  const sockets = new Set<Socket>();
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    if (closing) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (left > 0) return void inFlight.set(socket, left);
      inFlight.delete(socket);
      if (closing) socket.destroySoon();
    });
  });
  return () => {
    closing = true;
    for (const socket of sockets) if (!inFlight.has(socket)) socket.destroy();
  };
}

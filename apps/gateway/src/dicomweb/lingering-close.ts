import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a refused sender's leftover body is read and thrown away before the socket closes. */
const LINGER_MS = 2000;

/**
 * Closes the connection after an answer that leaves the request body unread (`Connection: close`:
 * the rest is never read as multipart). RFC 9112 §9.6: closing at once while the sender is still sending
 * makes the server's TCP stack reset the connection, and the reset can erase the answer before the
 * client reads it (about one refusal in ten here, with a separate sender process). So the close is
 * made in stages, as the RFC describes: the write side first, then what the sender still sends is
 * discarded until it stops or LINGER_MS pass, then the socket.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket;
  // Node calls destroySoon() once a `Connection: close` response is sent (lib/_http_server.js).
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    req.once('end', () => socket.destroy());
    req.resume();
  };
}

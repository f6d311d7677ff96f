/**
 * @medplum/core 5 reads WebSocket.CLOSING/CLOSED when it loads; Node 20 has no global WebSocket
 * (Node 22 does). Validation touches nothing else of it, so the constants are enough. Import this
 * before @medplum/core.
 */
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };

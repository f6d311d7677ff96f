import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** POST /dicomweb/studies[/{study}] (Express matches paths case-insensitively). */
const STOW_ROUTE = /^\/dicomweb\/studies(\/[^/?#]+)?\/?(\?|$)/i;

/**
 * RFC 9110 §10.1.1: a sender that asks first (`Expect: 100-continue`, as curl does for large
 * bodies) should be told to go on only if its content is wanted. Node answers 100 at once unless
 * 'checkContinue' is handled; here every route gets it at once but STOW-RS, whose controller
 * answers once the request is admitted, so a sender refused with 413 or 503 never sends its body.
 */
export function deferStowContinue(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!(req.method === 'POST' && STOW_ROUTE.test(req.url ?? ''))) res.writeContinue();
    server.emit('request', req, res);
  });
}

/** The STOW-RS request was admitted: a sender waiting for 100 (Continue) may send its body. */
export function continueAdmitted(req: IncomingMessage, res: ServerResponse): void {
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
}

import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { ContextRequest } from './principal';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (a caller's X-Request-Id when it is a plain token, else a new UUID),
 * echoed in the response and written to audit records, and the source address. Forwarded
 * headers are not trusted here: the trusted-proxy setting belongs to the hostile-input work.
 */
export function requestContext(req: ContextRequest, res: Response, next: NextFunction): void {
  const sent = req.headers['x-request-id'];
  const requestId = typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
  req.delineo = { requestId, sourceAddress: req.socket.remoteAddress ?? null };
  res.setHeader('X-Request-Id', requestId);
  next();
}

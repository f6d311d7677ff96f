import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { ContextRequest } from './principal';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (a caller's X-Request-Id when it is a plain token, else a new UUID),
 * echoed in the response and written to audit records, and the source address: Express's `req.ip`,
 * which is the socket's peer unless that peer is one of `http.trustedProxies`, in which case it is
 * the client X-Forwarded-For names (so audit and sign-in lockout see clients, not the proxy).
 */
export function requestContext(req: ContextRequest, res: Response, next: NextFunction): void {
  const sent = req.headers['x-request-id'];
  const requestId = typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
  req.delineo = { requestId, sourceAddress: req.ip ?? req.socket.remoteAddress ?? null };
  res.setHeader('X-Request-Id', requestId);
  next();
}

import type { NextFunction, Response } from 'express';
import type { Authenticator } from './authenticator.service';
import type { ContextRequest } from './principal';

/**
 * The OpenAPI page is served by Swagger's own Express routes, outside Nest's guards: this
 * middleware gives it the same front door, for signed-in users only.
 */
export function docsGuard(authenticator: Pick<Authenticator, 'authenticate'>) {
  return (req: ContextRequest, res: Response, next: NextFunction): void => {
    authenticator
      .authenticate({ cookie: req.headers.cookie })
      .catch(() => undefined)
      .then((p) => {
        if (p?.kind === 'user' && !p.restricted) return next();
        res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="delineo"');
        res.type('application/problem+json').send(
          JSON.stringify({
            type: 'urn:delineo:problem:access/unauthenticated',
            title: 'Unauthorized',
            status: 401,
            code: 'access/unauthenticated',
            detail: 'sign in to read the API documentation',
          }),
        );
      })
      .catch(next);
  };
}

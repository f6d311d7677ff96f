import { Inject, Injectable, ServiceUnavailableException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONSOLE_DIST } from './console-dist';
import { setConsoleSecurityHeaders } from './security-headers';
import { CACHE_HASHED, CACHE_PAGE, fileInside, sendFile } from './static-file';

/**
 * First path segments that belong to the gateway's own routes: the console never answers under
 * them, so an unknown API path keeps its 404 problem (and the access-rules e2e checks that every
 * Nest route lives under one of them).
 */
export const RESERVED_SEGMENTS: readonly string[] = ['api', 'auth', 'dicomweb', 'health'];

/** The URL's decoded path, or undefined when it cannot be decoded (a bad %-escape). */
function pathnameOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://console.invalid').pathname);
  } catch {
    return undefined;
  }
}

/**
 * The console, public by design: the sign-in page must load before anyone is signed in, and the
 * files hold no data (every call they make goes through the API's access rules). It is middleware,
 * outside Nest's guards like the API docs; test/access-rules.e2e-spec.ts lists it as the one
 * public route beside health and sign-in.
 * - a file of the build: itself (Vite's content-hashed /assets/* cached for a year, the rest revalidated);
 * - /assets/* that is not a file: the gateway's 404, never a page in place of a script;
 * - any other path: index.html, so client-side routes (/series/…) load the app;
 * - no build at all: 503 naming the command that makes one.
 */
@Injectable()
export class ConsoleAssetsMiddleware implements NestMiddleware {
  constructor(@Inject(CONSOLE_DIST) private readonly dist: string) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // originalUrl: Express strips a mount path from req.url, and this middleware is mounted on every path.
    const pathname = pathnameOf(req.originalUrl);
    if (pathname === undefined || RESERVED_SEGMENTS.includes(pathname.split('/')[1] ?? '')) return next();
    setConsoleSecurityHeaders(res);
    const index = await fileInside(this.dist, '/index.html');
    if (!index) {
      throw new ServiceUnavailableException(
        'The console is not built (no apps/console/dist/index.html): run `npm run build:console`',
      );
    }
    const found = pathname.endsWith('/') ? undefined : await fileInside(this.dist, pathname);
    if (found) return sendFile(req, res, found, pathname.startsWith('/assets/') ? CACHE_HASHED : CACHE_PAGE);
    if (pathname.startsWith('/assets/')) return next();
    sendFile(req, res, index, CACHE_PAGE);
  }
}

import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * RFC 9111 §5.2.2: `no-cache` makes the browser revalidate the page (ETag, 304) on every load, so a
 * new build shows at once; Vite names assets by content hash, so they never change under a name
 * and may be kept a year without asking again (RFC 8246 `immutable`).
 */
export const CACHE_PAGE = 'no-cache';
export const CACHE_HASHED = 'public, max-age=31536000, immutable';

/**
 * The regular file a URL path names inside `root`, or undefined: `..` segments that leave root,
 * dot-files (none is part of a build) and directories name none.
 */
export async function fileInside(root: string, pathname: string): Promise<{ file: string; stats: Stats } | undefined> {
  if (pathname.split('/').some((s) => s.startsWith('.')) || pathname.includes('\0')) return undefined;
  const file = path.join(root, path.normalize(pathname));
  if (!file.startsWith(root + path.sep)) return undefined;
  const stats = await stat(file).catch(() => undefined);
  return stats?.isFile() ? { file, stats } : undefined;
}

/** A weak validator from size and modification time (RFC 9110 §8.8.3), enough for files a build writes. */
const etagOf = (s: Stats): string => `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;

/** Sends a file (GET) or its headers (HEAD), or 304 when the caller's If-None-Match holds its ETag. */
export function sendFile(req: Request, res: Response, found: { file: string; stats: Stats }, cache: string): void {
  const etag = etagOf(found.stats);
  res.setHeader('Cache-Control', cache);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', found.stats.mtime.toUTCString());
  const sent = req.headers['if-none-match'];
  if (sent && sent.split(',').some((t) => t.trim() === etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(found.stats.size));
  res.status(200);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A file removed between stat and open (a rebuild) ends the response; the client retries.
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * OHIF 3 (the npm package @ohif/app, its prebuilt dist/) served statically on loopback, with our
 * own app-config.js whose one DICOMweb data source is a Delineo gateway. Nothing is fetched at run
 * time: every file comes from node_modules. shared/TESTBED.md "Real clients" lists what OHIF needs:
 * - COOP/COEP headers (cross-origin isolation, for SharedArrayBuffer in its codec workers);
 * - index.html for every path that is not a file (it is a single-page app: /viewer, /segmentation…).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { appConfig } from './app-config';

export const OHIF_DIST = path.resolve(__dirname, '../../node_modules/@ohif/app/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export interface OhifServer {
  /** http://127.0.0.1:<port> — the origin the gateway must list in http.corsOrigins. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves OHIF on `port` (0: an ephemeral one) with a data source at `${gateway()}/dicomweb`. The
 * gateway is a function because each needs the other's origin: the gateway lists the viewer's
 * origin in http.corsOrigins, so the viewer starts first and learns the gateway's URL later.
 */
export async function startOhif(gateway: () => string, port = 0): Promise<OhifServer> {
  if (!existsSync(path.join(OHIF_DIST, 'index.html'))) throw new Error(`no OHIF build at ${OHIF_DIST}`);
  const server: Server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === '/app-config.js') {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js'] }).end(appConfig(`${gateway()}/dicomweb`));
      return;
    }
    // Resolve inside dist/ only: a `..` path falls back to index.html like any unknown path.
    const file = path.join(OHIF_DIST, path.normalize(pathname));
    const inside = file.startsWith(OHIF_DIST + path.sep);
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : path.join(OHIF_DIST, 'index.html');
    const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
    res.writeHead(200, { ...headers, 'Content-Type': type });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

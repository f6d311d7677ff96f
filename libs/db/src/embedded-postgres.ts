import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { initEmbeddedCluster } from './embedded-init';

export interface EmbeddedPostgres {
  /** postgres:// URL on 127.0.0.1 and an ephemeral port, for the normal `pg` driver. */
  readonly url: string;
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'listening'; conn: string } | { type: 'stopped' } | { type: 'error'; message: string };

/**
 * PGlite's defaults size shared_buffers at 128 MB inside its WebAssembly memory. The embedded
 * archive is an index of rows (objects live in the object store), so 32 MB keeps the hot set and
 * keeps the gateway's resident set well under the 500 MB budget with parallel associations.
 */
export const EMBEDDED_POSTGRESQL_CONF = 'shared_buffers=32MB';

/**
 * Runs in a worker thread: PGlite executes queries synchronously in WebAssembly, so keeping it off
 * the main thread keeps the gateway's event loop responsive. Plain JS evaluated by Node (not by a
 * test runner's module sandbox), because PGlite loads its runtime with dynamic import().
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { PGLiteSocketServer } = require(workerData.socket);
(async () => {
  const db = await PGlite.create(workerData.dir, { postgresqlconf: workerData.conf });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  parentPort.on('message', async () => {
    await server.stop();
    await db.close();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  });
  parentPort.postMessage({ type: 'listening', conn: server.getServerConn() });
})().catch((err) => parentPort.postMessage({ type: 'error', message: String(err && err.stack || err) }));
`;

/**
 * Starts PGlite persisted under `<dataDir>/pglite` and serves the wire protocol on loopback.
 * PGlite is a single-user backend: the socket server accepts one connection at a time, so clients
 * must use a pool of max 1 (createDataSource does so when `embedded` is set). Only one process may
 * open a data directory at a time.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = join(dataDir, 'pglite');
  await ensureCluster(dir);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dir,
      conf: EMBEDDED_POSTGRESQL_CONF,
      pglite: require.resolve('@electric-sql/pglite'),
      socket: require.resolve('@electric-sql/pglite-socket'),
    },
  });
  const next = () =>
    new Promise<WorkerMessage>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`embedded postgres exited with code ${code}`));
      worker.once('error', reject).once('exit', onExit);
      worker.once('message', (m: WorkerMessage) => {
        worker.off('error', reject).off('exit', onExit);
        resolve(m);
      });
    });
  const first = await next();
  if (first.type !== 'listening') {
    await worker.terminate();
    throw new Error(`embedded postgres failed to start: ${first.type === 'error' ? first.message : first.type}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${first.conn}/postgres`,
    stop: () => {
      stopped ??= (async () => {
        const done = next();
        worker.postMessage('stop');
        await done;
        await new Promise((resolve) => worker.once('exit', resolve));
      })();
      return stopped;
    },
  };
}

/**
 * First boot only: initdb runs in a short-lived child process, into a sibling directory renamed
 * into place when complete. initdb loads a second WebAssembly module and the whole share/ bundle
 * (about 600 MB resident); doing it in a child keeps that out of the long-running gateway, and the
 * rename means a crash mid-initdb leaves no half-made cluster behind.
 */
async function ensureCluster(dir: string): Promise<void> {
  if (await exists(join(dir, 'PG_VERSION'))) return;
  const left = await readdir(dir).catch(() => undefined);
  if (left?.length)
    throw new Error(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): refusing to touch it`);
  if (left) await rmdir(dir);
  const partial = `${dir}.init`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  await initEmbeddedCluster(partial, require.resolve('@electric-sql/pglite'), EMBEDDED_POSTGRESQL_CONF);
  await rename(partial, dir);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

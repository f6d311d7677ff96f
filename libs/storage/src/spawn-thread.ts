import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `<dir>/<name>.js`, or `<name>.ts` when this library itself runs as
 * TypeScript (tsx, jest): the thread then needs the same loader.
 */
export function spawnThread(dir: string, name: string, workerData?: unknown): Worker {
  const ts = extname(__filename) === '.ts';
  return new Worker(join(dir, `${name}${ts ? '.ts' : '.js'}`), {
    workerData,
    execArgv: ts ? ['--require', 'tsx/cjs'] : [],
  });
}

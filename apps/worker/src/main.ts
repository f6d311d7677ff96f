import { ConfigError, loadWorkerConfig } from '@delineo/config';
import { startWorker } from './start-worker';

/** `node dist/apps/worker/src/main.js`: a worker on its own (GPU) node; needs REDIS_URL, never DATABASE_URL. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkerConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const worker = await startWorker(config);
  process.on('unhandledRejection', (err) => worker.log.error({ err, event: 'unhandled-rejection' }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => worker.log.error({ err, event: 'uncaught-exception' }, 'uncaught exception'));
  const stop = (signal: string) => {
    worker.log.info({ event: 'shutdown', signal }, 'finishing active jobs, then stopping');
    worker.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as { name?: string; code?: string };
  process.stderr.write(`fatal: worker failed to start (${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''})\n`);
  process.exit(1);
});

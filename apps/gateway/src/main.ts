import { ConfigError, loadConfig } from '@delineo/config';
import { startGateway } from './bootstrap';

/** `npm start`: embedded defaults unless DATABASE_URL / REDIS_URL / S3_* say otherwise. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const gw = await startGateway(config);
  // A misbehaving peer must not take the gateway down for every other sender. Log the code only:
  // an unknown error's message may quote received data.
  process.on('unhandledRejection', (err) => gw.log.error({ err, event: 'unhandled-rejection' }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => gw.log.error({ err, event: 'uncaught-exception' }, 'uncaught exception'));
  const stop = (signal: string) => {
    gw.log.info({ event: 'shutdown', signal }, 'shutting down');
    gw.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as { name?: string; code?: string };
  // Never print the message of an unknown error: it may carry values from a driver.
  process.stderr.write(`fatal: failed to start (${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''})\n`);
  process.exit(1);
});

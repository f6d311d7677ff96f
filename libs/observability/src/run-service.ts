import { ConfigError } from '@delineo/config';
import type { Logger } from './logger';

export interface RunningService {
  log: Logger;
  close(): Promise<void>;
}

export interface ServiceEntry<C> {
  /** Used in the fatal line when start fails before a logger exists. */
  name: string;
  load(): C;
  start(config: C): Promise<RunningService>;
  /** What the shutdown log line says is happening. */
  stopping: string;
}

/**
 * The entry point every Delineo process shares. A bad configuration exits 2 listing every issue;
 * a failed start exits 1 naming only the error's type and code (a driver's message may carry
 * values); unhandled errors are logged by code instead of crashing the process, so one bad peer
 * cannot take the service down for everyone else; SIGINT/SIGTERM close gracefully.
 */
export function runService<C>(entry: ServiceEntry<C>): void {
  const main = async (): Promise<void> => {
    let config: C;
    try {
      config = entry.load();
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
      }
      throw err;
    }
    const service = await entry.start(config);
    process.on('unhandledRejection', (err) =>
      service.log.error({ err, event: 'unhandled-rejection' }, 'unhandled rejection'),
    );
    process.on('uncaughtException', (err) =>
      service.log.error({ err, event: 'uncaught-exception' }, 'uncaught exception'),
    );
    const stop = (signal: string) => {
      service.log.info({ event: 'shutdown', signal }, entry.stopping);
      service.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  };
  main().catch((err: unknown) => {
    const e = err as { name?: string; code?: string };
    process.stderr.write(
      `fatal: ${entry.name} failed to start (${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''})\n`,
    );
    process.exit(1);
  });
}

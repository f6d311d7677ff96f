import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { safeError } from './safe-error';

/**
 * Routes Nest's own logs through pino. Nest's exception handler logs `(exception.message, stack)`
 * for unknown errors; that message may embed values, so error() keeps only stack frames then.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    const context = lastString(params);
    if (message instanceof Error) {
      this.logger.error({ context, err: safeError(message) }, 'error');
      return;
    }
    const stack = params.find((p): p is string => typeof p === 'string' && /\n\s+at /.test(p));
    if (stack !== undefined) {
      const frames = stack
        .split('\n')
        .filter((l) => /^\s+at /.test(l))
        .join('\n');
      this.logger.error({ context, stack: frames }, 'unhandled error (message withheld)');
      return;
    }
    this.write('error', message, params);
  }

  private write(
    level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal' | 'error',
    message: unknown,
    params: unknown[],
  ): void {
    const context = lastString(params);
    if (message instanceof Error) this.logger[level]({ context, err: safeError(message) }, 'error');
    else if (typeof message === 'string') this.logger[level]({ context }, message);
    else this.logger[level]({ context, data: message }, 'nest');
  }
}

function lastString(params: unknown[]): string | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' ? last : undefined;
}

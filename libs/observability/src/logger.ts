import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { getCorrelationId } from './correlation';
import { REDACTED, redactPaths } from './redaction';
import { safeError } from './safe-error';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Service name bound on every line (e.g. 'gateway', 'worker'). */
  name?: string;
  /** A file path (written synchronously) or a stream; stdout when omitted. */
  destination?: string | DestinationStream;
  /** Extra pino redaction paths on top of the PHI defaults. */
  redact?: readonly string[];
}

/** JSON logger with PHI redaction, safe error serialization and the ambient correlation id. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const dest =
    typeof opts.destination === 'string'
      ? pino.destination({ dest: opts.destination, sync: true, mkdir: true })
      : opts.destination;
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    name: opts.name,
    redact: { paths: redactPaths(opts.redact), censor: REDACTED },
    serializers: { err: safeError, error: safeError },
    mixin() {
      const correlationId = getCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
  return dest ? pino(options, dest) : pino(options);
}

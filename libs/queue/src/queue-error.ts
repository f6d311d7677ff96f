import { CodedError } from '@delineo/errors';

export type QueueErrorCode =
  | 'queue/handler-missing'
  | 'queue/handler-duplicate'
  | 'queue/handler-unexpected'
  | 'queue/timeout'
  | 'queue/closed'
  | 'queue/unavailable';

export class QueueError extends CodedError<QueueErrorCode> {}

/**
 * Thrown (or any error with `permanent: true`) by a handler when retrying cannot help, e.g. a
 * model rejected the volume. The job goes straight to failed.
 */
export class PermanentJobError extends CodedError<string> {
  readonly permanent = true;
}

export function isPermanent(err: unknown): boolean {
  return (err as { permanent?: unknown } | null)?.permanent === true;
}

const DOMAIN_CODE = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
const REASON_CODE = /^([a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*):/;

/** The domain code a failureReason() starts with, or undefined when it kept none. */
export function failureCodeOf(reason: string | undefined): string | undefined {
  return REASON_CODE.exec(reason ?? '')?.[1];
}

/**
 * The failure reason kept with a failed job (in Redis for BullMQ). Only domain errors (code
 * `<lib>/<kebab>`) keep their message; any other message may embed values, so name + errno only.
 */
export function failureReason(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && DOMAIN_CODE.test(code)) return `${code}: ${err.message}`;
  const safeCode = typeof code === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(code) ? ` (${code})` : '';
  return `${err.name.slice(0, 64)}${safeCode}`;
}

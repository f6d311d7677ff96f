import type { DeliveryOutcome } from './senders';

/** A retryable outcome as a coded error, so the queue keeps the code with the attempt. */
export class DeliveryAttemptError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * An error while preparing the payload. The input is what it is, so report, SEG and vault errors
 * (a report without a patient ID, a missing vault record) are permanent; anything else may be a
 * passing fault (store or database) and is retried. Only the code travels, never the message of
 * an unknown error.
 */
export function preparationOutcome(err: unknown): DeliveryOutcome {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(fhir|seg|vault|deid|models)\//.test(code)) return { kind: 'permanent', code: code as never, message: (err as Error).message };
  return { kind: 'retry', code: (typeof code === 'string' && /^[a-z]+\/[a-z0-9-]+$/.test(code) ? code : 'delivery/preparation-failed') as never, message: 'preparing the result failed' };
}

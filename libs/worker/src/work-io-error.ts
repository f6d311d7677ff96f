import { CodedError } from '@delineo/errors';

export type WorkIoErrorCode =
  | 'worker/input-unavailable'
  | 'worker/output-rejected'
  | 'worker/locator-unsupported'
  | 'worker/locator-refused'
  | 'worker/redirect-refused'
  | 'worker/object-too-large';

/**
 * Transient by default: an expired URL or a store that is down is worth a retry. A refused
 * locator or an object over the cap is permanent (`permanent: true` fails the job at once).
 */
export class WorkIoError extends CodedError<WorkIoErrorCode> {
  constructor(
    code: WorkIoErrorCode,
    message: string,
    readonly permanent = false,
  ) {
    super(code, message);
  }
}

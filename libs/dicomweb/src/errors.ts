import { CodedError } from '@delineo/errors';

/**
 * Domain error with a stable code. Transports map codes to statuses in one table (HTTP:
 * problem+json; STOW-RS: a per-instance FailureReason). Messages never carry dataset or query
 * values, only key names and the kind of problem, because query values are often PHI.
 */
export type DicomWebErrorCode =
  | 'dicomweb/bad-content-type'
  | 'dicomweb/malformed-multipart'
  | 'dicomweb/part-too-large'
  /** The whole request body is over its cap (declared in Content-Length, or counted as it streams). */
  | 'dicomweb/request-too-large'
  /** No room for another request now (too many at once, or the in-flight byte budget used up). */
  | 'dicomweb/busy'
  | 'dicomweb/bad-query'
  | 'dicomweb/not-acceptable'
  | 'dicomweb/not-found'
  /** The resource's state does not allow the request (e.g. retrying a series still running). */
  | 'dicomweb/conflict';

export class DicomWebError extends CodedError<DicomWebErrorCode> {
  constructor(
    code: DicomWebErrorCode,
    message: string,
    /** Every problem found, for errors that validate a whole input at once (QIDO queries). */
    readonly problems: readonly string[] = [message],
  ) {
    super(code, message);
  }
}

export function isDicomWebError(e: unknown): e is DicomWebError {
  return e instanceof DicomWebError;
}

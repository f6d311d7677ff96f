import { DICOM_ERROR_CODES, DicomError, type DicomErrorCode } from '@delineo/dicom';
import { DeidError, type DeidErrorCode } from '@delineo/deid';
import { CodedError } from '@delineo/errors';
import { StorageError, type StorageErrorCode } from '@delineo/storage';

const GATEWAY_ERROR_CODES = [
  'ingest/sop-instance-mismatch',
  'ingest/sop-class-mismatch',
  'ingest/study-mismatch',
  'ingest/not-deidentified',
  'deid/burned-in-annotation',
  'deid/failed',
  'storage/full',
  'storage/unavailable',
  'db/unavailable',
  'internal/unexpected',
] as const;

/**
 * Every domain error code the gateway can surface. Transports map these in exactly one table each
 * (DIMSE status, STOW FailureReason, HTTP problem), with an exhaustive switch so a new code cannot
 * be forgotten.
 */
export type DomainErrorCode = DicomErrorCode | (typeof GATEWAY_ERROR_CODES)[number];
export type IngestErrorCode = Extract<DomainErrorCode, `ingest/${string}`>;

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = [...DICOM_ERROR_CODES, ...GATEWAY_ERROR_CODES];

/** Raised by the ingest service for its own checks. */
export class IngestError extends CodedError<IngestErrorCode> {}

/**
 * Reduces any thrown value to a known code. Unknown errors never pass their message on: a driver's
 * message may quote dataset values.
 */
export function codeOf(err: unknown): DomainErrorCode {
  if (err instanceof DicomError || err instanceof IngestError) return err.code;
  if (err instanceof DeidError) return deidCode(err.code);
  if (err instanceof StorageError) return storageCode(err.code);
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? driverCode(code) : 'internal/unexpected';
}

function deidCode(code: DeidErrorCode): DomainErrorCode {
  switch (code) {
    case 'deid/burned-in-annotation':
      return code;
    case 'deid/missing-uid':
    case 'deid/invalid-key':
      return 'deid/failed';
  }
}

function storageCode(code: StorageErrorCode): DomainErrorCode {
  switch (code) {
    case 'storage/full':
      return code;
    case 'storage/invalid-key':
    case 'storage/not-found':
    case 'storage/unavailable':
    case 'storage/unsupported':
      return 'storage/unavailable';
  }
}

/**
 * Errors of the drivers underneath (node errno, PostgreSQL SQLSTATE, Appendix A of its manual):
 * class 08 (connection exception), 53 (insufficient resources) and 57P01 (admin shutdown) mean
 * the database is unavailable for now; ENOSPC a full disk.
 */
function driverCode(code: string): DomainErrorCode {
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case '57P01':
      return 'db/unavailable';
    case 'ENOSPC':
      return 'storage/full';
  }
  return code.length === 5 && (code.startsWith('08') || code.startsWith('53'))
    ? 'db/unavailable'
    : 'internal/unexpected';
}

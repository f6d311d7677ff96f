import { DICOM_ERROR_CODES, type DicomErrorCode } from '@delineo/dicom';
import { CodedError } from '@delineo/errors';

const GATEWAY_ERROR_CODES = [
  'ingest/sop-instance-mismatch',
  'ingest/sop-class-mismatch',
  'ingest/study-mismatch',
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

const KNOWN = new Set<string>([...DICOM_ERROR_CODES, ...GATEWAY_ERROR_CODES]);

/** Raised by the ingest service for its own checks. */
export class IngestError extends CodedError<DomainErrorCode> {}

/**
 * Reduces any thrown value to a known code. Unknown errors never pass their message on: a driver's
 * message may quote dataset values.
 */
export function codeOf(err: unknown): DomainErrorCode {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && KNOWN.has(code)) return code as DomainErrorCode;
  if (typeof code === 'string' && code.startsWith('storage/')) return 'storage/unavailable';
  if (typeof code === 'string' && code.startsWith('deid/')) return 'deid/failed';
  if (typeof code === 'string' && code.startsWith('dicom/')) return 'dicom/malformed';
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|57P01|08\d{3}|53\d{3})$/.test(code)) return 'db/unavailable';
  if (typeof code === 'string' && code === 'ENOSPC') return 'storage/full';
  return 'internal/unexpected';
}

import { DicomError, type DicomErrorCode } from '@delineo/dicom';
import { DeidError, VaultError, type DeidErrorCode, type VaultErrorCode } from '@delineo/deid';
import { CodedError } from '@delineo/errors';
import { FhirError, type FhirErrorCode } from '@delineo/fhir';
import { ModelError, type ModelErrorCode } from '@delineo/models';
import { SegError, type SegErrorCode } from '@delineo/seg';
import { StorageError, type StorageErrorCode } from '@delineo/storage';
import type { DeliveryCode, DeliveryOutcome } from './senders';

/** Codes of a failure while preparing the payload, before anything was sent. */
export type PreparationCode =
  | DicomErrorCode
  | DeidErrorCode
  | VaultErrorCode
  | FhirErrorCode
  | ModelErrorCode
  | SegErrorCode
  | StorageErrorCode
  | 'delivery/preparation-failed'
  /** The destination was removed from the live settings after the job was queued. */
  | 'delivery/unknown-destination';

export type AttemptCode = DeliveryCode | PreparationCode;

/** What one attempt ended with: a sender's outcome, or a preparation failure. */
export type AttemptOutcome = DeliveryOutcome | { kind: 'retry' | 'permanent'; code: PreparationCode; message: string };

/** A failed attempt as a coded error, so the queue keeps the code with the attempt. */
export class DeliveryAttemptError extends CodedError<AttemptCode> {}

/**
 * An error while preparing the payload. The input is what it is, so DICOM, report, SEG, model and
 * vault errors (a report without a patient ID, a purged vault record) are permanent; a storage
 * error may be a passing fault and is retried; anything else is retried under a generic code.
 * Only our own coded errors keep their message: an unknown error's may quote dataset values.
 */
export function preparationOutcome(err: unknown): AttemptOutcome {
  if (
    err instanceof DicomError ||
    err instanceof DeidError ||
    err instanceof VaultError ||
    err instanceof FhirError ||
    err instanceof ModelError ||
    err instanceof SegError
  ) {
    return { kind: 'permanent', code: err.code, message: err.message };
  }
  if (err instanceof StorageError) return { kind: 'retry', code: err.code, message: 'preparing the result failed' };
  return { kind: 'retry', code: 'delivery/preparation-failed', message: 'preparing the result failed' };
}

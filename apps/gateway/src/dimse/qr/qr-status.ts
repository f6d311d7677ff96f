import { DicomWebError } from '@delineo/dicomweb';
import { CodedError } from '@delineo/errors';
import { codeOf } from '../../errors/error-code';
import { DimseStatus, dimseStatusFor } from '../dimse-status';

/** Status words of C-FIND, C-MOVE and C-GET (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4). */
export const QrStatus = {
  Success: 0x0000,
  Cancel: 0xfe00,
  Pending: 0xff00,
  /** Matches are continuing: one or more optional keys were not supported for matching. */
  PendingOptionalKeysUnsupported: 0xff01,
  OutOfResources: 0xa700,
  /** C-MOVE/C-GET: unable to calculate the number of matches. */
  OutOfResourcesMatches: 0xa701,
  /** C-MOVE/C-GET: unable to perform sub-operations. */
  OutOfResourcesSubOperations: 0xa702,
  MoveDestinationUnknown: 0xa801,
  IdentifierDoesNotMatchSopClass: 0xa900,
  UnableToProcess: 0xc000,
  /** C-MOVE/C-GET: sub-operations complete, one or more failures or warnings. */
  SubOperationsFailed: 0xb000,
} as const;

export type QrErrorCode =
  'qr/missing-level' | 'qr/invalid-level' | 'qr/missing-unique-key' | 'qr/unknown-destination' | 'qr/not-permitted';

/** A request the Q/R SCP refuses; the message names keys, never values. */
export class QrError extends CodedError<QrErrorCode> {}

function qrStatus(code: QrErrorCode): number {
  switch (code) {
    case 'qr/missing-level':
    case 'qr/invalid-level':
    case 'qr/missing-unique-key':
      return QrStatus.IdentifierDoesNotMatchSopClass;
    case 'qr/unknown-destination':
      return QrStatus.MoveDestinationUnknown;
    case 'qr/not-permitted':
      return QrStatus.UnableToProcess;
  }
}

/**
 * The one Q/R mapping table: an error → the failure status of the response. A matching key QIDO
 * cannot parse is the identifier's fault (0xA900); the archive being unavailable is transient
 * (0xA700, the SCU may retry); anything else is 0xC000 "unable to process".
 */
export function qrStatusFor(err: unknown): { status: number; code: string } {
  if (err instanceof QrError) return { status: qrStatus(err.code), code: err.code };
  if (err instanceof DicomWebError) {
    return err.code === 'dicomweb/bad-query'
      ? { status: QrStatus.IdentifierDoesNotMatchSopClass, code: err.code }
      : { status: QrStatus.UnableToProcess, code: err.code };
  }
  // Domain codes go through the C-STORE table (dimse-status.ts, an exhaustive switch): what is
  // transient there (A7xx) is transient here, except an unexpected error, which a retry would not
  // cure; everything else is the archive's failure to answer.
  const code = codeOf(err);
  const transient = code !== 'internal/unexpected' && dimseStatusFor(code) === DimseStatus.OutOfResources;
  return { status: transient ? QrStatus.OutOfResources : QrStatus.UnableToProcess, code };
}

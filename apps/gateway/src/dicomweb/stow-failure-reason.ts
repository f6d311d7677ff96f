import { FailureReason } from '@delineo/dicomweb';
import { DomainErrorCode } from '../errors/error-code';

/** The one STOW-RS mapping table: domain code → Failure Reason (0008,1197), PS3.18 Table I.2-2. */
export function stowFailureReasonFor(code: DomainErrorCode): number {
  switch (code) {
    case 'storage/full':
    case 'storage/unavailable':
    case 'db/unavailable':
      return FailureReason.OutOfResources;
    case 'internal/unexpected':
      return FailureReason.ProcessingFailure;
    case 'dicom/missing-sop-instance-uid':
    case 'dicom/missing-sop-class-uid':
    case 'dicom/missing-study-instance-uid':
    case 'dicom/missing-series-instance-uid':
    case 'dicom/invalid-uid':
    case 'ingest/sop-instance-mismatch':
    case 'ingest/sop-class-mismatch':
    case 'ingest/study-mismatch':
      return FailureReason.DataSetDoesNotMatchSopClass;
    case 'dicom/unsupported-transfer-syntax':
      return FailureReason.TransferSyntaxNotSupported;
    // Malformed input, or a parse bound exceeded: the sender's data, not our resources (never A7xx,
    // which tells a sender to retry).
    case 'dicom/not-part10':
    case 'dicom/truncated':
    case 'dicom/malformed':
    case 'dicom/too-deep':
    case 'dicom/too-many-elements':
    case 'dicom/too-many-items':
    case 'dicom/inflate-limit':
    case 'deid/burned-in-annotation':
    case 'deid/failed':
    case 'ingest/not-deidentified':
      return FailureReason.CannotUnderstand;
  }
}

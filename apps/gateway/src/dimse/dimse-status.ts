import { codeOf, DomainErrorCode } from '../errors/error-code';

/** C-STORE status words (PS3.4 Table B.2-1; PS3.7 Annex C). */
export const DimseStatus = {
  Success: 0x0000,
  OutOfResources: 0xa700,
  DataSetDoesNotMatchSopClass: 0xa900,
  CannotUnderstand: 0xc000,
} as const;

/** The one DIMSE mapping table: domain code → C-STORE status. */
export function dimseStatusFor(code: DomainErrorCode): number {
  switch (code) {
    case 'storage/full':
    case 'storage/unavailable':
    case 'db/unavailable':
    case 'internal/unexpected':
      return DimseStatus.OutOfResources; // transient: the SCU may retry later
    case 'dicom/missing-sop-instance-uid':
    case 'dicom/missing-sop-class-uid':
    case 'dicom/missing-study-instance-uid':
    case 'dicom/missing-series-instance-uid':
    case 'dicom/invalid-uid':
    case 'ingest/sop-instance-mismatch':
    case 'ingest/sop-class-mismatch':
    case 'ingest/study-mismatch':
      return DimseStatus.DataSetDoesNotMatchSopClass;
    // Malformed input, or a parse bound exceeded: the sender's data, not our resources (never A7xx,
    // which tells a sender to retry).
    case 'dicom/not-part10':
    case 'dicom/truncated':
    case 'dicom/malformed':
    case 'dicom/too-deep':
    case 'dicom/too-many-elements':
    case 'dicom/too-many-items':
    case 'dicom/inflate-limit':
    case 'dicom/unsupported-transfer-syntax':
    case 'deid/burned-in-annotation':
    case 'deid/failed':
    case 'ingest/not-deidentified':
      return DimseStatus.CannotUnderstand;
  }
}

export function statusForError(err: unknown): { status: number; code: DomainErrorCode } {
  const code = codeOf(err);
  return { status: dimseStatusFor(code), code };
}

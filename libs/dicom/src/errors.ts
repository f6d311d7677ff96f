import { CodedError } from '@delineo/errors';

/** Domain error with a stable code; each transport maps codes to its own status in one table. */
export const DICOM_ERROR_CODES = [
  'dicom/not-part10',
  'dicom/truncated',
  'dicom/malformed',
  'dicom/unsupported-transfer-syntax',
  'dicom/missing-sop-instance-uid',
  'dicom/missing-sop-class-uid',
  'dicom/missing-study-instance-uid',
  'dicom/missing-series-instance-uid',
  'dicom/invalid-uid',
  /** A parse bound (parse-limits.ts) was exceeded: sequences nested too deep, too many elements or items, or a deflated dataset inflating too far. */
  'dicom/too-deep',
  'dicom/too-many-elements',
  'dicom/too-many-items',
  'dicom/inflate-limit',
] as const;

export type DicomErrorCode = (typeof DICOM_ERROR_CODES)[number];

export const isDicomErrorCode = (code: unknown): code is DicomErrorCode =>
  (DICOM_ERROR_CODES as readonly unknown[]).includes(code);

export class DicomError extends CodedError<DicomErrorCode> {}

import { CodedError } from '@delineo/errors';

/**
 * Domain error codes of libs/seg; each transport maps them in its single code table. Messages name
 * attributes and counts, never dataset values (a SEG carries patient data).
 */
export const SEG_ERROR_CODES = [
  'seg/invalid-label-map',
  'seg/invalid-labels',
  'seg/unknown-label',
  'seg/invalid-geometry',
  'seg/invalid-options',
  'seg/missing-sources',
  'seg/missing-source-attribute',
  'seg/inconsistent-sources',
  'seg/unsupported-character-set',
  'seg/not-segmentation',
  'seg/unsupported-segmentation-type',
  'seg/unsupported-transfer-syntax',
  'seg/malformed',
  'seg/geometry-mismatch',
] as const;

export type SegErrorCode = (typeof SEG_ERROR_CODES)[number];

export class SegError extends CodedError<SegErrorCode> {}

import { CodedError } from '@delineo/errors';

/** Domain error codes for series → volume; each transport maps them in its own table. */
export type VolumeErrorCode =
  | 'volume/empty-series'
  | 'volume/missing-geometry'
  | 'volume/inconsistent-orientation'
  | 'volume/inconsistent-matrix'
  | 'volume/duplicate-slices'
  | 'volume/non-uniform-spacing'
  | 'volume/missing-slices'
  | 'volume/gantry-tilt'
  | 'volume/no-pixel-data'
  | 'volume/unsupported-pixel-format'
  | 'volume/decode-failed'
  | 'volume/invalid-nifti';

export class VolumeError extends CodedError<VolumeErrorCode> {}

import { CodedError } from '@delineo/errors';

/** Domain error codes for series → volume; each transport maps them in its own table. */
export const VOLUME_ERROR_CODES = [
  'volume/empty-series',
  'volume/missing-geometry',
  'volume/inconsistent-orientation',
  'volume/inconsistent-matrix',
  'volume/duplicate-slices',
  'volume/non-uniform-spacing',
  'volume/missing-slices',
  'volume/gantry-tilt',
  'volume/no-pixel-data',
  'volume/unsupported-pixel-format',
  'volume/decode-failed',
  'volume/invalid-nifti',
] as const;

export type VolumeErrorCode = (typeof VOLUME_ERROR_CODES)[number];

export const isVolumeErrorCode = (code: unknown): code is VolumeErrorCode =>
  (VOLUME_ERROR_CODES as readonly unknown[]).includes(code);

export class VolumeError extends CodedError<VolumeErrorCode> {}

import { CodedError } from '@delineo/errors';

/** Domain error codes for transcoding and rendering; each transport maps them in its own table. */
export const IMAGING_ERROR_CODES = [
  'imaging/no-pixel-data',
  'imaging/unsupported-pixel-format',
  'imaging/unsupported-transfer-syntax',
  'imaging/frame-out-of-range',
  'imaging/decode-failed',
  'imaging/encode-failed',
  'imaging/too-large',
] as const;

export type ImagingErrorCode = (typeof IMAGING_ERROR_CODES)[number];

export const isImagingErrorCode = (code: unknown): code is ImagingErrorCode =>
  (IMAGING_ERROR_CODES as readonly unknown[]).includes(code);

export class ImagingError extends CodedError<ImagingErrorCode> {}

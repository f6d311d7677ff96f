import { DicomWebError } from '@delineo/dicomweb';
import { ImagingError, type ImagingErrorCode } from '@delineo/imaging';

/**
 * libs/imaging codes over DICOMweb, in one table. Anything the archive cannot turn into the asked
 * representation is 406 (PS3.18 §8.7.3: the stored representation, `transfer-syntax=*`, stays
 * available); a frame number outside the instance is the client's 400.
 */
function dicomwebCode(code: ImagingErrorCode): DicomWebError['code'] {
  switch (code) {
    case 'imaging/frame-out-of-range':
      return 'dicomweb/bad-query';
    case 'imaging/no-pixel-data':
    case 'imaging/unsupported-pixel-format':
    case 'imaging/unsupported-transfer-syntax':
    case 'imaging/decode-failed':
    case 'imaging/encode-failed':
    case 'imaging/too-large':
      return 'dicomweb/not-acceptable';
  }
}

export function asDicomWebError(err: unknown): unknown {
  return err instanceof ImagingError ? new DicomWebError(dicomwebCode(err.code), err.message) : err;
}

/** Runs `fn`, rethrowing imaging errors as DICOMweb errors. */
export async function mapImagingErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asDicomWebError(err);
  }
}

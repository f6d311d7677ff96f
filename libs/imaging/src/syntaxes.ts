import { TransferSyntax } from '@delineo/dicom';

const TS = TransferSyntax;

/** Native (uncompressed) syntaxes whose Pixel Data is a plain little-endian array (PS3.5 §A.1–A.5). */
export const NATIVE_SYNTAXES: readonly string[] = [
  TS.ImplicitVRLittleEndian,
  TS.ExplicitVRLittleEndian,
  TS.DeflatedExplicitVRLittleEndian,
];

export type DecoderName = 'decodeRle' | 'decodeJpeg' | 'decodeJpegLs' | 'decodeJpeg2000';
export type EncoderName = 'encodeRle' | 'encodeJpeg' | 'encodeJpegLs' | 'encodeJpeg2000';

/** The dcmjs-codecs decoder for each encapsulated syntax we can turn into native pixels. */
export const DECODERS: Readonly<Record<string, DecoderName>> = {
  [TS.RLELossless]: 'decodeRle',
  [TS.JPEGBaseline8Bit]: 'decodeJpeg',
  [TS.JPEGExtended12Bit]: 'decodeJpeg',
  [TS.JPEGLossless]: 'decodeJpeg',
  [TS.JPEGLosslessSV1]: 'decodeJpeg',
  [TS.JPEGLSLossless]: 'decodeJpegLs',
  [TS.JPEGLSNearLossless]: 'decodeJpegLs',
  [TS.JPEG2000Lossless]: 'decodeJpeg2000',
  [TS.JPEG2000]: 'decodeJpeg2000',
};

/**
 * Lossless encoders we offer from native pixels. Only lossless ones: a client that asks for an
 * archive copy in another syntax must get the same stored values back (PS3.5 §8.2), and lossy
 * re-compression would also need Lossy Image Compression Ratio/Method bookkeeping (PS3.3 C.7.6.1.1.5).
 */
export const LOSSLESS_ENCODERS: Readonly<Record<string, { encoder: EncoderName; params: Record<string, unknown> }>> = {
  [TS.RLELossless]: { encoder: 'encodeRle', params: {} },
  [TS.JPEGLSLossless]: { encoder: 'encodeJpegLs', params: { lossy: false } },
  [TS.JPEG2000Lossless]: { encoder: 'encodeJpeg2000', params: { lossy: false } },
};

/** Syntaxes whose pixels may differ from the original (PS3.5 §8.2; .91 may also be used losslessly). */
export const LOSSY_SYNTAXES: readonly string[] = [
  TS.JPEGBaseline8Bit,
  TS.JPEGExtended12Bit,
  TS.JPEGLSNearLossless,
  TS.JPEG2000,
];

/** Lossy Image Compression Method defined terms for each lossy syntax (PS3.3 C.7.6.1.1.5.1). */
export const LOSSY_METHOD: Readonly<Record<string, string>> = {
  [TS.JPEGBaseline8Bit]: 'ISO_10918_1',
  [TS.JPEGExtended12Bit]: 'ISO_10918_1',
  [TS.JPEGLSNearLossless]: 'ISO_14495_1',
  [TS.JPEG2000]: 'ISO_15444_1',
};

export const isNativeSyntax = (uid: string): boolean => NATIVE_SYNTAXES.includes(uid);
export const isDecodableSyntax = (uid: string): boolean => uid in DECODERS;

/**
 * The media type a compressed frame is served as (PS3.18 Table 8.7.3-5): the bit stream itself,
 * labelled honestly. Native frames are `application/octet-stream`; undefined for syntaxes with no
 * single-frame media type.
 */
export function frameMediaType(uid: string): string | undefined {
  switch (uid) {
    case TS.ImplicitVRLittleEndian:
    case TS.ExplicitVRLittleEndian:
    case TS.DeflatedExplicitVRLittleEndian:
      return 'application/octet-stream';
    case TS.JPEGBaseline8Bit:
    case TS.JPEGExtended12Bit:
    case TS.JPEGLossless:
    case TS.JPEGLosslessSV1:
      return 'image/jpeg';
    case TS.JPEGLSLossless:
    case TS.JPEGLSNearLossless:
      return 'image/jls';
    case TS.JPEG2000Lossless:
    case TS.JPEG2000:
      return 'image/jp2';
    case TS.RLELossless:
      return 'image/dicom-rle';
    default:
      return undefined;
  }
}

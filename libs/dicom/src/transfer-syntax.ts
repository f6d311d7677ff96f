/** Transfer syntaxes we accept without transcoding (PS3.5 §10, Annex A). */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

/**
 * What we parse, store and write. Explicit VR Big Endian was retired (PS3.5 §A.3): it is never
 * parsed as such, only converted on receipt (big-endian.ts), so it is not in this list.
 */
export const ACCEPTED_TRANSFER_SYNTAXES: readonly string[] = Object.values(TransferSyntax).filter(
  (ts) => ts !== TransferSyntax.ExplicitVRBigEndian,
);

/** What a DIMSE acceptor may accept: the above, plus Big Endian, which is converted to Explicit VR LE. */
export const RECEIVABLE_TRANSFER_SYNTAXES: readonly string[] = Object.values(TransferSyntax);

/**
 * How a transfer syntax encodes pixel data (PS3.5 Annex A): native (uncompressed), deflated (the
 * whole dataset, pixels native inside), lossless encapsulated, or possibly lossy encapsulated.
 * JPEG 2000 (…4.91) and JPEG-LS near-lossless (…4.81) may be lossy, so they count as lossy.
 */
export type PixelEncoding = 'native' | 'deflated' | 'lossless' | 'lossy';

const ENCODING: Readonly<Record<string, PixelEncoding>> = {
  [TransferSyntax.ImplicitVRLittleEndian]: 'native',
  [TransferSyntax.ExplicitVRLittleEndian]: 'native',
  [TransferSyntax.ExplicitVRBigEndian]: 'native',
  [TransferSyntax.DeflatedExplicitVRLittleEndian]: 'deflated',
  [TransferSyntax.JPEGLossless]: 'lossless',
  [TransferSyntax.JPEGLosslessSV1]: 'lossless',
  [TransferSyntax.JPEGLSLossless]: 'lossless',
  [TransferSyntax.JPEG2000Lossless]: 'lossless',
  [TransferSyntax.RLELossless]: 'lossless',
  [TransferSyntax.JPEGBaseline8Bit]: 'lossy',
  [TransferSyntax.JPEGExtended12Bit]: 'lossy',
  [TransferSyntax.JPEGLSNearLossless]: 'lossy',
  [TransferSyntax.JPEG2000]: 'lossy',
};

export function pixelEncoding(uid: string): PixelEncoding | undefined {
  return Object.prototype.hasOwnProperty.call(ENCODING, uid) ? ENCODING[uid] : undefined;
}

export interface TransferSyntaxTraits {
  implicitVr: boolean;
  deflated: boolean;
  encapsulated: boolean;
}

export function transferSyntaxTraits(uid: string): TransferSyntaxTraits | undefined {
  if (!ACCEPTED_TRANSFER_SYNTAXES.includes(uid)) return undefined;
  return {
    implicitVr: uid === TransferSyntax.ImplicitVRLittleEndian,
    deflated: uid === TransferSyntax.DeflatedExplicitVRLittleEndian,
    encapsulated:
      uid !== TransferSyntax.ImplicitVRLittleEndian &&
      uid !== TransferSyntax.ExplicitVRLittleEndian &&
      uid !== TransferSyntax.DeflatedExplicitVRLittleEndian,
  };
}

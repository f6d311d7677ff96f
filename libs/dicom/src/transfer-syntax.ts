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

/** Explicit VR Big Endian was retired (PS3.5 §A.3); we refuse it rather than silently mis-parse. */
export const ACCEPTED_TRANSFER_SYNTAXES: readonly string[] = Object.values(TransferSyntax).filter(
  (ts) => ts !== TransferSyntax.ExplicitVRBigEndian,
);

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

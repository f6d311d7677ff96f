import { constants, type association as assoc } from 'dcmjs-dimse';
import { pixelEncoding, RECEIVABLE_TRANSFER_SYNTAXES, TransferSyntax } from '@delineo/dicom';
import { qrSopClass } from './qr/qr-sop-classes';

export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

/**
 * Storage SOP classes live under 1.2.840.10008.5.1.4.1.1 (PS3.4 Annex B.5), which covers enhanced
 * multi-frame CT/MR, SEG (…66.4, Label Map …66.7), SR (…88.x) and classes newer than our
 * dictionary, so nothing standard is refused just because it is recent.
 */
export function isStorageSopClass(uid: string): boolean {
  return uid.startsWith('1.2.840.10008.5.1.4.1.1.');
}

/** `dimse.transferSyntaxPreference` (libs/config): which proposed syntax we accept, like storescp's +x. */
export type TransferSyntaxPreference = 'sender' | 'uncompressed' | 'lossless';

/** Native syntaxes, best first: Big Endian last, as it costs a conversion on receipt (big-endian.ts). */
const UNCOMPRESSED: readonly string[] = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
];

/**
 * Picks a transfer syntax for one proposed presentation context (PS3.8 §9.3.3.2); undefined when
 * we support none. `sender` takes the first we support in the SCU's order (its preference, which
 * the standard expects us to honour), Explicit VR Big Endian only when the context offers nothing
 * else we support (dcmtk's storescu proposes [Big Endian, Implicit LE] by default, for instance;
 * we store Little Endian either way). `uncompressed` takes Explicit VR LE, Implicit VR LE, Explicit
 * VR BE in that order when offered, else falls back to `sender`. `lossless` takes the first
 * lossless compressed syntax offered (PS3.5 Annex A: JPEG lossless, JPEG-LS lossless, JPEG 2000
 * lossless, RLE), else falls back to `uncompressed`. We never transcode what we accepted: the
 * SCU converts to the syntax we chose (PS3.7 §9.1.1), so a preference may leave an SCU unable to
 * send a file it cannot convert — the reason the default is the SCU's own order.
 */
export function chooseTransferSyntax(
  proposed: string[],
  preference: TransferSyntaxPreference = 'sender',
): string | undefined {
  const supported = proposed.filter((ts) => RECEIVABLE_TRANSFER_SYNTAXES.includes(ts));
  if (preference === 'lossless') {
    const lossless = supported.find((ts) => pixelEncoding(ts) === 'lossless');
    if (lossless) return lossless;
  }
  if (preference !== 'sender') {
    const native = UNCOMPRESSED.find((ts) => supported.includes(ts));
    if (native) return native;
  }
  // Big Endian is retired (PS3.5 §A.3) and costs a conversion: taken only when nothing else is.
  return supported.find((ts) => ts !== TransferSyntax.ExplicitVRBigEndian) ?? supported[0];
}

/** Sets the result of every proposed presentation context but Query/Retrieve's: Verification and Storage accepted. */
export function negotiate(a: assoc.Association, preference: TransferSyntaxPreference = 'sender'): void {
  const { PresentationContextResult } = constants;
  for (const { context } of a.getPresentationContexts()) {
    const sop = context.getAbstractSyntaxUid();
    // Answered by negotiateQueryRetrieve (qr/), which needs every proposed syntax: a result set here
    // would leave dcmjs-dimse's context with only the first one.
    if (qrSopClass(sop)) continue;
    if (sop !== VERIFICATION_SOP_CLASS && !isStorageSopClass(sop)) {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    const ts = chooseTransferSyntax(context.getTransferSyntaxUids(), preference);
    if (ts) context.setResult(PresentationContextResult.Accept, ts);
    else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
}

import { constants, type association as assoc } from 'dcmjs-dimse';
import { ACCEPTED_TRANSFER_SYNTAXES } from '@delineo/dicom';

export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

/**
 * Storage SOP classes live under 1.2.840.10008.5.1.4.1.1 (PS3.4 Annex B.5), which covers enhanced
 * multi-frame CT/MR, SEG (…66.4, Label Map …66.7), SR (…88.x) and classes newer than our
 * dictionary, so nothing standard is refused just because it is recent.
 */
export function isStorageSopClass(uid: string): boolean {
  return uid.startsWith('1.2.840.10008.5.1.4.1.1.');
}

/**
 * Picks a transfer syntax for one proposed presentation context (PS3.8 §9.3.3.2). We honour the
 * SCU's order (its preference) and take the first syntax we can store as is; we never transcode.
 */
export function chooseTransferSyntax(proposed: string[]): string | undefined {
  return proposed.find((ts) => ACCEPTED_TRANSFER_SYNTAXES.includes(ts));
}

/** Sets the result of every proposed presentation context: Verification and Storage, as sent. */
export function negotiate(a: assoc.Association): void {
  const { PresentationContextResult } = constants;
  for (const { context } of a.getPresentationContexts()) {
    const sop = context.getAbstractSyntaxUid();
    if (sop !== VERIFICATION_SOP_CLASS && !isStorageSopClass(sop)) {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    const ts = chooseTransferSyntax(context.getTransferSyntaxUids());
    if (ts) context.setResult(PresentationContextResult.Accept, ts);
    else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
}

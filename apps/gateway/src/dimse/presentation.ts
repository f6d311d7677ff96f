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

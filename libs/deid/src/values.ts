import { encodeText, Vr } from '@delineo/dicom';

/** Dummy text: fits every string VR's maximum length (SH/AE/CS allow 16) and CS's character set. */
export const DUMMY_TEXT = 'ANONYMIZED';

const TEXT_DUMMIES: Partial<Record<Vr, string>> = {
  DA: '19000101',
  TM: '000000',
  DT: '19000101000000',
  AS: '000D',
  DS: '0',
  IS: '0',
  UR: 'urn:x-delineo:anonymized',
};

const BINARY_SIZES: Partial<Record<Vr, number>> = {
  US: 2,
  SS: 2,
  OW: 2,
  OB: 2,
  UN: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  AT: 4,
  OF: 4,
  OL: 4,
  FD: 8,
  OD: 8,
  SV: 8,
  UV: 8,
  OV: 8,
};

const cache = new Map<Vr, Buffer>();

/**
 * A non-empty value valid for the VR and free of information, for action D (PS3.15 §E.1.1).
 * Buffers are shared between calls; the writer only reads them. UI is handled by the engine (a
 * keyed UID, so a dummy UID still stays unique), SQ by a single empty item.
 */
export function dummyValue(vr: Vr): Buffer {
  let hit = cache.get(vr);
  if (!hit) {
    const size = BINARY_SIZES[vr];
    hit = size !== undefined ? Buffer.alloc(size) : encodeText(TEXT_DUMMIES[vr] ?? DUMMY_TEXT, vr);
    cache.set(vr, hit);
  }
  return hit;
}

/** VRs whose free text the Clean Descriptors Option may keep after scrubbing. */
export const CLEANABLE_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'CS']);

/**
 * "Clean" (PS3.15 §E.3.5) for descriptors, done conservatively: words equal to any identifier
 * of this patient/study (name parts, IDs, accession number...) are dropped, and so is every word
 * holding a run of 4+ digits (dates, MRNs, phone numbers). What is left ("CT CHEST W CONTRAST")
 * is what a descriptor is for. Returns '' when nothing survives.
 */
export function cleanText(text: string, deny: ReadonlySet<string>): string {
  return text
    .split('\\')
    .map((value) =>
      value
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w !== '' && !/\d{4,}/.test(w) && !deny.has(w.toUpperCase()))
        .join(' '),
    )
    .join('\\')
    .replace(/^\\+$/, '');
}

/** Identifier words to scrub from descriptors: components of names and IDs, 2+ characters. */
export function denyWords(values: Iterable<string | undefined>): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    out.add(v.toUpperCase().trim());
    for (const w of v.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 2) out.add(w.toUpperCase());
  }
  return out;
}

import { Dataset } from '@delineo/dicom';
import { SAFE_PRIVATE_KEYS } from './safe-private.generated';

const SAFE = new Set(SAFE_PRIVATE_KEYS);
const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

/**
 * Private data elements (gggg,xxee) belong to the block reserved by Private Creator (gggg,00xx)
 * (PS3.5 §7.8.1). Returns the private tags of `ds` to keep under the Retain Safe Private Option
 * (PS3.15 §E.3.10): the safe elements plus the creators of the blocks they live in.
 */
export function safePrivateTags(ds: Dataset, privateTags: number[]): Set<number> {
  const keep = new Set<number>();
  for (const tag of privateTags) {
    const element = tag & 0xffff;
    if (element < 0x1000) continue;
    const group = tag >>> 16;
    const creatorTag = ((group << 16) | (element >>> 8)) >>> 0;
    const creator = ds.string(creatorTag);
    if (creator === undefined) continue;
    if (SAFE.has(`${hex(group, 4)}|${creator}|${hex(element & 0xff, 2)}`)) {
      keep.add(tag);
      keep.add(creatorTag);
    }
  }
  return keep;
}

export function isSafePrivate(group: number, creator: string, elementByte: number): boolean {
  return SAFE.has(`${hex(group, 4)}|${creator.trim()}|${hex(elementByte, 2)}`);
}

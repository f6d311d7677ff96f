import { DicomError } from './errors';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parse-limits';
import { Tag } from './tags';
import { hasLongLength, isVr, type Vr } from './vr';

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;

/** Width of the numbers a value holds, by VR (PS3.5 Table 6.2-1); strings, OB and UN are bytes. */
const WORD: Partial<Record<Vr, number>> = {
  AT: 2, // a pair of 16-bit numbers, group then element
  OW: 2,
  SS: 2,
  US: 2,
  FL: 4,
  OF: 4,
  OL: 4,
  SL: 4,
  UL: 4,
  FD: 8,
  OD: 8,
  OV: 8,
  SV: 8,
  UV: 8,
};

/**
 * Converts a dataset in Explicit VR Big Endian (PS3.5 §A.3, retired, still sent by old modalities)
 * to Explicit VR Little Endian, returning a copy. Both syntaxes have the same layout, so only byte
 * order changes: every tag and length, and every value by the width of its VR, through nested
 * sequences. Pixel Data in OW is swapped by pixel cell: 16-bit words, or 32/64 bits when Bits
 * Allocated says so. UN values are left as they are: their structure is unknown. Encapsulated pixel
 * data does not exist in this syntax (it is native), so an undefined length outside SQ is refused.
 * The parse bounds apply (depth, elements, items), so a hostile stream costs a coded error.
 */
export function bigEndianToLittleEndian(input: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Buffer {
  const out = Buffer.from(input);
  new Swapper(out, limits).dataset(0, out.length, 0, false);
  return out;
}

class Swapper {
  private elements = 0;
  private items = 0;

  constructor(
    private readonly b: Buffer,
    private readonly limits: ParseLimits,
  ) {}

  /** Swaps the tag at `off` and returns it. */
  private tag(off: number): number {
    this.need(off, 4);
    const group = this.b.readUInt16BE(off);
    const element = this.b.readUInt16BE(off + 2);
    this.b.writeUInt16LE(group, off);
    this.b.writeUInt16LE(element, off + 2);
    return ((group << 16) | element) >>> 0;
  }

  private u32(off: number): number {
    this.need(off, 4);
    const v = this.b.readUInt32BE(off);
    this.b.writeUInt32LE(v, off);
    return v;
  }

  private need(off: number, n: number, end = this.b.length): void {
    if (off + n > end) throw new DicomError('dicom/truncated', 'Big Endian dataset ends inside an element');
  }

  /**
   * Elements from `off` to `end`; inside an item of undefined length, up to and including its Item
   * Delimitation Item. Returns the offset after the last element.
   */
  dataset(off: number, end: number, depth: number, untilDelimiter: boolean): number {
    if (depth > this.limits.maxDepth)
      throw new DicomError('dicom/too-deep', `nested deeper than ${this.limits.maxDepth}`);
    let bitsAllocated = 16;
    while (off < end) {
      this.need(off, 8, end);
      const tag = this.tag(off);
      if (tag === ITEM_DELIMITATION && untilDelimiter) {
        this.u32(off + 4);
        return off + 8;
      }
      if (++this.elements > this.limits.maxElements)
        throw new DicomError('dicom/too-many-elements', `more than ${this.limits.maxElements} elements`);
      const vr = this.b.toString('latin1', off + 4, off + 6);
      if (!isVr(vr)) throw new DicomError('dicom/malformed', 'Big Endian element without a valid VR');
      let length: number;
      let header: number;
      if (hasLongLength(vr)) {
        this.need(off, 12, end);
        length = this.u32(off + 8);
        header = 12;
      } else {
        length = this.b.readUInt16BE(off + 6);
        this.b.writeUInt16LE(length, off + 6);
        header = 8;
      }
      const value = off + header;
      if (vr === 'SQ') {
        off =
          length === UNDEFINED
            ? this.sequence(value, end, depth + 1, true)
            : this.sequenceOf(value, length, end, depth);
        continue;
      }
      if (length === UNDEFINED)
        throw new DicomError('dicom/malformed', 'undefined length outside a sequence in Big Endian');
      this.need(value, length, end);
      const cell = bitsAllocated === 32 || bitsAllocated === 64 ? bitsAllocated / 8 : 2;
      const word = tag === Tag.PixelData && vr === 'OW' ? cell : WORD[vr];
      if (word && word > 1) this.swap(value, length, word);
      if (tag === Tag.BitsAllocated && vr === 'US' && length >= 2) bitsAllocated = this.b.readUInt16LE(value);
      off = value + length;
    }
    if (untilDelimiter) throw new DicomError('dicom/truncated', 'item of undefined length without its delimiter');
    return off;
  }

  private sequenceOf(value: number, length: number, end: number, depth: number): number {
    this.need(value, length, end);
    this.sequence(value, value + length, depth + 1, false);
    return value + length;
  }

  /** Items of a sequence (PS3.5 §7.5), up to `end` or, for an undefined length, its delimiter. */
  private sequence(off: number, end: number, depth: number, undefinedLength: boolean): number {
    while (off < end) {
      this.need(off, 8, end);
      const tag = this.tag(off);
      const length = this.u32(off + 4);
      if (tag === SEQUENCE_DELIMITATION && undefinedLength) return off + 8;
      if (tag !== ITEM) throw new DicomError('dicom/malformed', 'sequence holds something other than items');
      if (++this.items > this.limits.maxItems)
        throw new DicomError('dicom/too-many-items', `more than ${this.limits.maxItems} items`);
      if (length === UNDEFINED) {
        off = this.dataset(off + 8, end, depth, true);
      } else {
        this.need(off + 8, length, end);
        this.dataset(off + 8, off + 8 + length, depth, false);
        off += 8 + length;
      }
    }
    if (undefinedLength) throw new DicomError('dicom/truncated', 'sequence of undefined length without its delimiter');
    return off;
  }

  private swap(off: number, length: number, word: number): void {
    if (length % word !== 0)
      throw new DicomError('dicom/malformed', `value length ${length} is not a multiple of ${word}`);
    const view = this.b.subarray(off, off + length);
    if (word === 2) view.swap16();
    else if (word === 4) view.swap32();
    else view.swap64();
  }
}

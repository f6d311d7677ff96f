import { inflateRawSync } from 'node:zlib';
import { bigEndianToLittleEndian } from './big-endian';
import { Dataset, DicomElement } from './dataset';
import { dictionaryVr } from './dictionary';
import { DicomError } from './errors';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parse-limits';
import { Tag } from './tags';
import { TransferSyntax, transferSyntaxTraits } from './transfer-syntax';
import { hasLongLength, isVr, Vr } from './vr';

const UNDEFINED = 0xffffffff;

export interface ParsedPart10 {
  meta: Dataset;
  dataset: Dataset;
  transferSyntaxUid: string;
}

/** Parses a DICOM Part 10 file (PS3.10 §7.1): preamble, "DICM", explicit-LE meta group, dataset. */
export function parsePart10(buf: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedPart10 {
  if (buf.length < 132 || buf.toString('latin1', 128, 132) !== 'DICM') {
    throw new DicomError('dicom/not-part10', 'missing DICM prefix (PS3.10 §7.1)');
  }
  const { meta, end } = readMeta(buf, limits);
  const r = { offset: end };
  const transferSyntaxUid = meta.string(Tag.TransferSyntaxUID);
  if (!transferSyntaxUid) throw new DicomError('dicom/not-part10', 'file meta lacks TransferSyntaxUID');
  if (transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian) {
    // Retired (PS3.5 §A.3): converted here, so every reader and writer sees Explicit VR Little Endian.
    const le = TransferSyntax.ExplicitVRLittleEndian;
    meta.setString(Tag.TransferSyntaxUID, 'UI', le);
    const dataset = parseDataset(bigEndianToLittleEndian(buf.subarray(r.offset), limits), le, limits);
    return { meta, dataset, transferSyntaxUid: le };
  }
  return { meta, dataset: parseDataset(buf.subarray(r.offset), transferSyntaxUid, limits), transferSyntaxUid };
}

function readMeta(buf: Buffer, limits: ParseLimits): { meta: Dataset; end: number } {
  const r = new Reader(buf, 132, false, new Budget(limits), 0);
  const meta = new Dataset();
  while (r.offset + 4 <= buf.length && buf.readUInt16LE(r.offset) === 0x0002) {
    const el = r.element(buf.length);
    if (el) meta.set(el);
  }
  return { meta, end: r.offset };
}

/**
 * The SOP Class and Instance UIDs a Part 10 file names in its File Meta Information (PS3.10 §7.1:
 * Media Storage SOP Class/Instance UID equal the dataset's), for a file whose dataset did not parse:
 * a truncated or malformed body usually leaves the meta group readable, and a STOW-RS failure should
 * still tell the sender which instance failed (PS3.18 §10.5.3). Never throws.
 */
export function readPart10Uids(
  buf: Buffer,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): { sopClassUid?: string; sopInstanceUid?: string } {
  try {
    if (buf.length < 132 || buf.toString('latin1', 128, 132) !== 'DICM') return {};
    const { meta } = readMeta(buf, limits);
    return {
      sopClassUid: meta.string(Tag.MediaStorageSOPClassUID),
      sopInstanceUid: meta.string(Tag.MediaStorageSOPInstanceUID),
    };
  } catch {
    return {};
  }
}

/** Parses a bare dataset (as C-STORE carries it) in the given transfer syntax. */
export function parseDataset(
  buf: Buffer,
  transferSyntaxUid: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Dataset {
  const traits = transferSyntaxTraits(transferSyntaxUid);
  if (!traits) {
    throw new DicomError('dicom/unsupported-transfer-syntax', `transfer syntax ${transferSyntaxUid} not accepted`);
  }
  const body = traits.deflated ? inflate(buf, limits) : buf;
  return new Reader(body, 0, traits.implicitVr, new Budget(limits), 0).dataset(body.length, false);
}

/** PS3.5 §A.5: the whole dataset is one raw deflate stream; inflated once, within the bounds. */
function inflate(buf: Buffer, limits: ParseLimits): Buffer {
  const maxOutputLength = Math.max(1, Math.min(limits.maxInflatedBytes, buf.length * limits.maxInflateRatio));
  try {
    return inflateRawSync(buf, { maxOutputLength });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new DicomError('dicom/inflate-limit', `deflated dataset inflates past ${maxOutputLength} bytes`);
    }
    throw new DicomError('dicom/malformed', 'deflated dataset does not inflate');
  }
}

/** What one parse may still spend; shared by every reader of the dataset (nested ones included). */
class Budget {
  private elements = 0;
  private items = 0;

  constructor(readonly limits: ParseLimits) {}

  element(): void {
    if (++this.elements > this.limits.maxElements) {
      throw new DicomError('dicom/too-many-elements', `more than ${this.limits.maxElements} elements`);
    }
  }

  item(): void {
    if (++this.items > this.limits.maxItems)
      throw new DicomError('dicom/too-many-items', `more than ${this.limits.maxItems} items`);
  }

  depth(depth: number): void {
    if (depth > this.limits.maxDepth)
      throw new DicomError('dicom/too-deep', `sequences nested deeper than ${this.limits.maxDepth}`);
  }
}

class Reader {
  constructor(
    readonly buf: Buffer,
    public offset: number,
    readonly implicit: boolean,
    private readonly budget: Budget,
    /** Sequence nesting of the datasets this reader reads. */
    private readonly depth: number,
  ) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new DicomError('dicom/truncated', 'dataset ends inside an element');
  }

  private tag(): number {
    this.need(4);
    const t = ((this.buf.readUInt16LE(this.offset) << 16) | this.buf.readUInt16LE(this.offset + 2)) >>> 0;
    this.offset += 4;
    return t;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }

  /** Reads elements until `end`, or until an item delimiter when `untilDelimiter`. */
  dataset(end: number, untilDelimiter: boolean): Dataset {
    const ds = new Dataset();
    while (this.offset < end) {
      if (untilDelimiter && this.offset + 4 <= this.buf.length && this.buf.readUInt32LE(this.offset) === 0xe00dfffe) {
        this.offset += 8; // (FFFE,E00D) + zero length
        return ds;
      }
      const el = this.element(end);
      if (el) ds.set(el);
    }
    if (untilDelimiter) throw new DicomError('dicom/truncated', 'item without delimitation item');
    return ds;
  }

  element(end: number): DicomElement | undefined {
    this.budget.element();
    const tag = this.tag();
    if (tag >>> 16 === 0xfffe) throw new DicomError('dicom/malformed', 'unexpected item tag in dataset');
    let vr: Vr;
    let length: number;
    if (this.implicit) {
      vr = dictionaryVr(tag);
      length = this.u32();
    } else {
      this.need(4);
      const code = this.buf.toString('latin1', this.offset, this.offset + 2);
      if (!isVr(code)) throw new DicomError('dicom/malformed', `invalid VR at offset ${this.offset}`);
      vr = code;
      if (hasLongLength(vr)) {
        this.offset += 4;
        length = this.u32();
      } else {
        length = this.buf.readUInt16LE(this.offset + 2);
        this.offset += 4;
      }
    }
    return this.value(tag, vr, length, end);
  }

  private value(tag: number, vr: Vr, length: number, end: number): DicomElement | undefined {
    if (vr === 'UN') {
      // PS3.5 §6.2.2: a UN whose real VR we know is re-labelled; an undefined-length UN is a
      // sequence encoded as Implicit VR Little Endian. Both matter so nested PHI is not missed.
      const known = dictionaryVr(tag);
      if (length === UNDEFINED || known === 'SQ') return { tag, vr: 'SQ', items: this.unSequence(length) };
      if (known !== 'UN') vr = known;
    }
    if (vr === 'SQ') return { tag, vr, items: this.sequence(length, this.implicit) };
    if (length === UNDEFINED) {
      if (tag === Tag.PixelData) return { tag, vr: 'OB', fragments: this.fragments() };
      throw new DicomError('dicom/malformed', 'undefined length on a non-sequence element');
    }
    if (this.offset + length > Math.min(end, this.buf.length)) {
      throw new DicomError('dicom/truncated', 'element value runs past the end of the dataset');
    }
    const value = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return { tag, vr, value };
  }

  private unSequence(length: number): Dataset[] {
    const sub = new Reader(this.buf, this.offset, true, this.budget, this.depth);
    const items = sub.sequence(length, true);
    this.offset = sub.offset;
    return items;
  }

  private sequence(length: number, implicit: boolean): Dataset[] {
    this.budget.depth(this.depth + 1);
    // Items are one level deeper than the element holding the sequence.
    const reader = new Reader(this.buf, this.offset, implicit, this.budget, this.depth + 1);
    const items: Dataset[] = [];
    const end = length === UNDEFINED ? this.buf.length : this.offset + length;
    if (end > this.buf.length) throw new DicomError('dicom/truncated', 'sequence runs past the end');
    let delimited = length !== UNDEFINED;
    while (reader.offset < end) {
      const tag = reader.tag();
      const itemLength = reader.u32();
      if (tag === Tag.SequenceDelimitationItem) {
        delimited = true;
        break;
      }
      if (tag !== Tag.Item) throw new DicomError('dicom/malformed', 'sequence holds a non-item element');
      this.budget.item();
      items.push(
        itemLength === UNDEFINED
          ? reader.dataset(this.buf.length, true)
          : reader.dataset(reader.offset + itemLength, false),
      );
    }
    if (!delimited) throw new DicomError('dicom/truncated', 'sequence without delimitation item');
    this.offset = reader.offset;
    return items;
  }

  /** Encapsulated pixel data: items until the sequence delimiter (PS3.5 §A.4). */
  private fragments(): Buffer[] {
    const out: Buffer[] = [];
    for (;;) {
      const tag = this.tag();
      const len = this.u32();
      if (tag === Tag.SequenceDelimitationItem) return out;
      if (tag !== Tag.Item || len === UNDEFINED) throw new DicomError('dicom/malformed', 'bad pixel data fragment');
      this.budget.item();
      this.need(len);
      out.push(this.buf.subarray(this.offset, this.offset + len));
      this.offset += len;
    }
  }
}

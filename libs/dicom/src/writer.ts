import { deflateRawSync } from 'node:zlib';
import { Dataset, DicomElement, encodeText } from './dataset';
import { DicomError } from './errors';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './implementation';
import { Tag } from './tags';
import { transferSyntaxTraits } from './transfer-syntax';
import { hasLongLength } from './vr';

const SMALL = 512;

/**
 * Collects output as a list of buffers: headers and small values are packed into shared scratch
 * chunks, large values (pixel data) are referenced, never copied, until the final concat.
 */
class Sink {
  readonly chunks: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(16384);
  private used = 0;
  private start = 0;

  private room(n: number): void {
    if (this.used + n <= this.scratch.length) return;
    this.flush();
    this.scratch = Buffer.allocUnsafe(Math.max(16384, n));
    this.used = this.start = 0;
  }

  flush(): void {
    if (this.used > this.start) this.chunks.push(this.scratch.subarray(this.start, this.used));
    this.start = this.used;
  }

  u16(v: number): void {
    this.room(2);
    this.used = this.scratch.writeUInt16LE(v, this.used);
  }

  u32(v: number): void {
    this.room(4);
    this.used = this.scratch.writeUInt32LE(v >>> 0, this.used);
  }

  ascii(s: string): void {
    this.room(s.length);
    this.used += this.scratch.write(s, this.used, 'latin1');
  }

  bytes(b: Buffer): void {
    if (b.length < SMALL) {
      this.room(b.length);
      this.used += b.copy(this.scratch, this.used);
      return;
    }
    this.flush();
    this.chunks.push(b);
  }
}

function writeTag(s: Sink, tag: number): void {
  s.u16(tag >>> 16);
  s.u16(tag & 0xffff);
}

function writeHeader(s: Sink, el: DicomElement, length: number, implicit: boolean): void {
  writeTag(s, el.tag);
  if (implicit) return s.u32(length);
  s.ascii(el.vr);
  if (hasLongLength(el.vr)) {
    s.u16(0);
    s.u32(length);
  } else {
    if (length > 0xffff) throw new DicomError('dicom/malformed', `value too long for VR ${el.vr}`);
    s.u16(length);
  }
}

function writeElements(s: Sink, ds: Dataset, implicit: boolean): void {
  for (const el of ds.sorted()) {
    if ((el.tag & 0xffff) === 0 && el.tag >>> 16 !== 0x0002) continue; // group lengths are retired (PS3.5 §7.2)
    if (el.items) {
      // Undefined lengths everywhere: always valid and needs no size pre-computation (PS3.5 §7.5).
      writeHeader(s, { ...el, vr: 'SQ' }, 0xffffffff, implicit);
      for (const item of el.items) {
        writeTag(s, Tag.Item);
        s.u32(0xffffffff);
        writeElements(s, item, implicit);
        writeTag(s, Tag.ItemDelimitationItem);
        s.u32(0);
      }
      writeTag(s, Tag.SequenceDelimitationItem);
      s.u32(0);
    } else if (el.fragments) {
      writeHeader(s, { ...el, vr: 'OB' }, 0xffffffff, implicit);
      for (const f of el.fragments) {
        writeTag(s, Tag.Item);
        s.u32(f.length + (f.length & 1));
        s.bytes(f);
        if (f.length & 1) s.bytes(Buffer.alloc(1));
      }
      writeTag(s, Tag.SequenceDelimitationItem);
      s.u32(0);
    } else {
      const v = el.value ?? Buffer.alloc(0);
      const odd = v.length & 1;
      writeHeader(s, el, v.length + odd, implicit);
      s.bytes(v);
      if (odd) s.bytes(Buffer.from([el.vr === 'UI' || el.vr === 'OB' || el.vr === 'UN' ? 0 : 0x20]));
    }
  }
}

/** Encodes a dataset (no meta) in the given transfer syntax, as C-STORE sends it. */
export function encodeDataset(ds: Dataset, transferSyntaxUid: string): Buffer[] {
  const traits = transferSyntaxTraits(transferSyntaxUid);
  if (!traits) throw new DicomError('dicom/unsupported-transfer-syntax', `cannot encode ${transferSyntaxUid}`);
  const s = new Sink();
  writeElements(s, ds, traits.implicitVr);
  s.flush();
  if (traits.deflated) return [deflateRawSync(Buffer.concat(s.chunks))];
  return s.chunks;
}

export interface Part10Options {
  transferSyntaxUid: string;
  sourceAeTitle?: string;
  /** Meta-header overrides, for writing deliberately broken fixtures (e.g. an empty dataset UID). */
  mediaStorageSopClassUid?: string;
  mediaStorageSopInstanceUid?: string;
}

/** Writes a Part 10 file: 128-byte preamble, "DICM", a fresh meta group, then the dataset. */
export function writePart10(ds: Dataset, opts: Part10Options): Buffer {
  const sopClass = opts.mediaStorageSopClassUid ?? ds.string(Tag.SOPClassUID);
  const sopInstance = opts.mediaStorageSopInstanceUid ?? ds.string(Tag.SOPInstanceUID);
  if (!sopClass) throw new DicomError('dicom/missing-sop-class-uid', 'dataset has no SOPClassUID');
  if (!sopInstance) throw new DicomError('dicom/missing-sop-instance-uid', 'dataset has no SOPInstanceUID');
  const meta = new Dataset();
  meta.set({ tag: Tag.FileMetaInformationVersion, vr: 'OB', value: Buffer.from([0, 1]) });
  meta.setString(Tag.MediaStorageSOPClassUID, 'UI', sopClass);
  meta.setString(Tag.MediaStorageSOPInstanceUID, 'UI', sopInstance);
  meta.setString(Tag.TransferSyntaxUID, 'UI', opts.transferSyntaxUid);
  meta.setString(Tag.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID);
  meta.setString(Tag.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION_NAME);
  if (opts.sourceAeTitle) meta.setString(Tag.SourceApplicationEntityTitle, 'AE', opts.sourceAeTitle);
  const ms = new Sink();
  writeElements(ms, meta, false);
  ms.flush();
  const metaBytes = Buffer.concat(ms.chunks);
  const head = Buffer.alloc(132 + 12);
  head.write('DICM', 128, 'latin1');
  head.writeUInt16LE(0x0002, 132);
  head.writeUInt16LE(0x0000, 134);
  head.write('UL', 136, 'latin1');
  head.writeUInt16LE(4, 138);
  head.writeUInt32LE(metaBytes.length, 140);
  return Buffer.concat([head, metaBytes, ...encodeDataset(ds, opts.transferSyntaxUid)]);
}

export { encodeText };

import { bigEndianToLittleEndian } from './big-endian';
import { DEFAULT_PARSE_LIMITS } from './parse-limits';
import { parseDataset, parsePart10 } from './parser';
import { writePart10 } from './writer';
import { Dataset } from './dataset';
import { Tag } from './tags';
import { TransferSyntax } from './transfer-syntax';

/** Explicit VR Big Endian, written by hand (PS3.5 §7.1.2 layout, every number big endian). */
const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
function el(tag: number, vr: string, value: Buffer, length = value.length): Buffer {
  const head = Buffer.alloc(LONG.has(vr) ? 12 : 8);
  head.writeUInt16BE(tag >>> 16, 0);
  head.writeUInt16BE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  if (LONG.has(vr)) head.writeUInt32BE(length >>> 0, 8);
  else head.writeUInt16BE(length, 6);
  return Buffer.concat([head, value]);
}
const marker = (tag: number, length: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(tag >>> 16, 0);
  b.writeUInt16BE(tag & 0xffff, 2);
  b.writeUInt32BE(length >>> 0, 4);
  return b;
};
const be = (write: (b: Buffer) => void, n: number): Buffer => {
  const b = Buffer.alloc(n);
  write(b);
  return b;
};
const u16s = (...v: number[]): Buffer => be((b) => v.forEach((x, i) => b.writeUInt16BE(x, 2 * i)), 2 * v.length);
const UNDEF = 0xffffffff;

const DATA_POINT_ROWS = 0x00289001; // UL
const SMALLEST_PIXEL = 0x00280106; // SS here
const LINE_THICKNESS = 0x00700253; // FL
const B_VALUE = 0x00189087; // FD
const FRAME_INCREMENT_POINTER = 0x00280009; // AT
const SOME_SQ = 0x00081140;
const NESTED_SQ = 0x00081199;
const REFERENCED_FRAME = 0x00081160; // IS, but SL-typed here to test a nested signed long

function sample(bitsAllocated = 16, pixels = u16s(1, 256, 0x1234, 0xffff)): Buffer {
  const nestedItem = el(
    REFERENCED_FRAME,
    'SL',
    be((b) => b.writeInt32BE(-7), 4),
  );
  const nested = el(NESTED_SQ, 'SQ', Buffer.concat([marker(0xfffee000, nestedItem.length), nestedItem]));
  const item = Buffer.concat([el(Tag.Columns, 'US', u16s(3)), nested]);
  return Buffer.concat([
    el(0x00080060, 'CS', Buffer.from('MR')),
    el(FRAME_INCREMENT_POINTER, 'AT', u16s(0x0018, 0x1063)),
    el(
      SOME_SQ,
      'SQ',
      Buffer.concat([marker(0xfffee000, UNDEF), item, marker(0xfffee00d, 0), marker(0xfffee0dd, 0)]),
      UNDEF,
    ),
    el(
      B_VALUE,
      'FD',
      be((b) => b.writeDoubleBE(1000.5), 8),
    ),
    el(Tag.Rows, 'US', u16s(2)),
    el(Tag.BitsAllocated, 'US', u16s(bitsAllocated)),
    el(
      SMALLEST_PIXEL,
      'SS',
      be((b) => b.writeInt16BE(-5), 2),
    ),
    el(
      DATA_POINT_ROWS,
      'UL',
      be((b) => b.writeUInt32BE(70000), 4),
    ),
    el(
      LINE_THICKNESS,
      'FL',
      be((b) => b.writeFloatBE(0.25), 4),
    ),
    el(Tag.PixelData, 'OW', pixels),
  ]);
}

describe('bigEndianToLittleEndian (PS3.5 A.3)', () => {
  it('swaps every number by its VR, in nested sequences too, and leaves strings alone', () => {
    const input = sample();
    const ds = parseDataset(bigEndianToLittleEndian(input), TransferSyntax.ExplicitVRLittleEndian);
    expect(ds.string(0x00080060)).toBe('MR');
    expect(ds.get(Tag.Rows)!.value!.readUInt16LE(0)).toBe(2);
    expect(ds.get(SMALLEST_PIXEL)!.value!.readInt16LE(0)).toBe(-5);
    expect(ds.get(DATA_POINT_ROWS)!.value!.readUInt32LE(0)).toBe(70000);
    expect(ds.get(LINE_THICKNESS)!.value!.readFloatLE(0)).toBe(0.25);
    expect(ds.get(B_VALUE)!.value!.readDoubleLE(0)).toBe(1000.5);
    const at = ds.get(FRAME_INCREMENT_POINTER)!.value!;
    expect([at.readUInt16LE(0), at.readUInt16LE(2)]).toEqual([0x0018, 0x1063]);
    const item = ds.get(SOME_SQ)!.items![0];
    expect(item.get(Tag.Columns)!.value!.readUInt16LE(0)).toBe(3);
    expect(item.get(NESTED_SQ)!.items![0].get(REFERENCED_FRAME)!.value!.readInt32LE(0)).toBe(-7);
    const px = ds.get(Tag.PixelData)!.value!;
    expect([0, 2, 4, 6].map((o) => px.readUInt16LE(o))).toEqual([1, 256, 0x1234, 0xffff]);
    expect(input.readUInt16BE(0)).toBe(0x0008); // the input is left as it was
  });

  it('swaps Pixel Data in OW by the pixel cell when Bits Allocated is 32', () => {
    const pixels = be((b) => [1, 0x01020304].forEach((v, i) => b.writeUInt32BE(v, 4 * i)), 8);
    const ds = parseDataset(bigEndianToLittleEndian(sample(32, pixels)), TransferSyntax.ExplicitVRLittleEndian);
    const px = ds.get(Tag.PixelData)!.value!;
    expect([px.readUInt32LE(0), px.readUInt32LE(4)]).toEqual([1, 0x01020304]);
  });

  it('refuses what Big Endian cannot hold or what is cut short, with codes', () => {
    const encapsulated = el(Tag.PixelData, 'OB', Buffer.alloc(0), UNDEF);
    expect(() => bigEndianToLittleEndian(encapsulated)).toThrow(expect.objectContaining({ code: 'dicom/malformed' }));
    const cut = sample().subarray(0, 40);
    expect(() => bigEndianToLittleEndian(cut)).toThrow(expect.objectContaining({ code: 'dicom/truncated' }));
    const odd = el(Tag.Rows, 'US', Buffer.from([0, 1, 2]));
    expect(() => bigEndianToLittleEndian(odd)).toThrow(expect.objectContaining({ code: 'dicom/malformed' }));
  });

  it('keeps to the parse bounds (nesting depth)', () => {
    let inner = el(Tag.Rows, 'US', u16s(1));
    for (let i = 0; i < 5; i++) inner = el(SOME_SQ, 'SQ', Buffer.concat([marker(0xfffee000, inner.length), inner]));
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 3 };
    expect(() => bigEndianToLittleEndian(inner, limits)).toThrow(expect.objectContaining({ code: 'dicom/too-deep' }));
    expect(() => bigEndianToLittleEndian(inner)).not.toThrow();
  });
});

describe('parsePart10 of an Explicit VR Big Endian file', () => {
  it('returns the dataset in Explicit VR Little Endian, and says so', () => {
    const ds = new Dataset();
    ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.4');
    ds.setString(Tag.SOPInstanceUID, 'UI', '1.2.3.4');
    const le = writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
    const metaEnd = 144 + le.readUInt32LE(140);
    // Same length, so the meta group stays valid: …1.2.1 becomes …1.2.2 (Explicit VR Big Endian).
    const meta = Buffer.from(
      le.subarray(0, metaEnd).toString('latin1').replace('1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2'),
      'latin1',
    );
    const parsed = parsePart10(Buffer.concat([meta, sample()]));
    expect(parsed.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.meta.string(Tag.TransferSyntaxUID)).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(parsed.dataset.get(DATA_POINT_ROWS)!.value!.readUInt32LE(0)).toBe(70000);
    expect(parsed.dataset.get(Tag.PixelData)!.value!.readUInt16LE(6)).toBe(0xffff);
  });
});

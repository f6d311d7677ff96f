import { deflateRawSync } from 'node:zlib';
import { DEFAULT_PARSE_LIMITS, DicomError, parseDataset, Tag, TransferSyntax } from './index';

const ELE = TransferSyntax.ExplicitVRLittleEndian;
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const tag = (t: number) => Buffer.concat([u16(t >>> 16), u16(t & 0xffff)]);
/** An explicit-VR-LE SQ element of undefined length holding `items` (each an item body). */
const sq = (t: number, items: Buffer[]) =>
  Buffer.concat([
    tag(t),
    Buffer.from('SQ'),
    u16(0),
    u32(0xffffffff),
    ...items.flatMap((body) => [tag(Tag.Item), u32(body.length), body]),
    tag(Tag.SequenceDelimitationItem),
    u32(0),
  ]);
const cs = (t: number, v: string) => Buffer.concat([tag(t), Buffer.from('CS'), u16(v.length), Buffer.from(v)]);
/** Sequences nested `depth` levels deep (the attack that overflowed the stack). */
const nested = (depth: number): Buffer => (depth === 0 ? cs(0x00080060, 'CT') : sq(0x00400275, [nested(depth - 1)]));
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof DicomError ? e.code : `uncoded: ${String(e)}`;
  }
};

describe('parse limits', () => {
  it('parses nesting up to the bound and refuses one level more with dicom/too-deep, whatever the depth', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 8 };
    expect(code(() => parseDataset(nested(8), ELE, limits))).toBeUndefined();
    expect(code(() => parseDataset(nested(9), ELE, limits))).toBe('dicom/too-deep');
    expect(code(() => parseDataset(nested(5000), ELE))).toBe('dicom/too-deep'); // no stack overflow
  });

  it('refuses a flood of empty items with dicom/too-many-items, long before memory matters', () => {
    const empty = Buffer.concat(Array.from({ length: 300_000 }, () => Buffer.concat([tag(Tag.Item), u32(0)])));
    const flood = Buffer.concat([
      tag(0x00400275),
      Buffer.from('SQ'),
      u16(0),
      u32(0xffffffff),
      empty,
      tag(Tag.SequenceDelimitationItem),
      u32(0),
    ]);
    expect(code(() => parseDataset(flood, ELE))).toBe('dicom/too-many-items');
    expect(code(() => parseDataset(flood, ELE, { ...DEFAULT_PARSE_LIMITS, maxItems: 400_000 }))).toBeUndefined();
  });

  it('refuses too many elements with dicom/too-many-elements', () => {
    const many = Buffer.concat(Array.from({ length: 101 }, (_, i) => cs(0x00091000 + i, 'X')));
    expect(code(() => parseDataset(many, ELE, { ...DEFAULT_PARSE_LIMITS, maxElements: 100 }))).toBe(
      'dicom/too-many-elements',
    );
    expect(code(() => parseDataset(many, ELE, { ...DEFAULT_PARSE_LIMITS, maxElements: 101 }))).toBeUndefined();
  });

  it('refuses a deflate bomb by its ratio and by its size, and still reads a normal deflated dataset', () => {
    const deflated = TransferSyntax.DeflatedExplicitVRLittleEndian;
    const bomb = deflateRawSync(
      Buffer.concat([
        cs(0x00080060, 'CT'),
        tag(0x00091010),
        Buffer.from('OB'),
        u16(0),
        u32(8_000_000),
        Buffer.alloc(8_000_000),
      ]),
    );
    expect(bomb.length).toBeLessThan(20_000);
    expect(code(() => parseDataset(bomb, deflated))).toBe('dicom/inflate-limit'); // ratio > 200
    expect(
      code(() =>
        parseDataset(bomb, deflated, { ...DEFAULT_PARSE_LIMITS, maxInflateRatio: 1e6, maxInflatedBytes: 1_000_000 }),
      ),
    ).toBe('dicom/inflate-limit');
    const ok = parseDataset(bomb, deflated, { ...DEFAULT_PARSE_LIMITS, maxInflateRatio: 1e6 });
    expect(ok.string(Tag.Modality)).toBe('CT');
  });
});

import { Dataset, Tag } from '@delineo/dicom';
import { PixelFormat, readPixelFormat, storedToFloat } from '@delineo/volume';

const fmt = (over: Partial<PixelFormat>): PixelFormat => ({
  rows: 1,
  columns: 4,
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 0,
  photometric: 'MONOCHROME2',
  float: false,
  ...over,
});
const u16 = (...v: number[]): Uint8Array => new Uint8Array(Uint16Array.from(v).buffer);
const decode = (raw: Uint8Array, f: PixelFormat, slope = 1, intercept = 0): number[] => {
  const out = new Float32Array(f.rows * f.columns);
  storedToFloat(raw, f, { slope, intercept }, out, 0);
  return [...out];
};

describe('native pixel decoding (PS3.5 §8.1.1, PS3.3 §C.7.6.3)', () => {
  it('masks bits above BitsStored in unsigned data', () => {
    expect(decode(u16(0xf001, 0x0fff, 0x1000, 7), fmt({ bitsStored: 12, highBit: 11 }))).toEqual([1, 4095, 0, 7]);
  });

  it('sign-extends 12-bit two’s complement values', () => {
    expect(
      decode(u16(0x0800, 0x0fff, 0x07ff, 0xf000), fmt({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 })),
    ).toEqual([-2048, -1, 2047, 0]);
  });

  it('reads 16-bit signed values and applies slope and intercept', () => {
    expect(decode(u16(0x8000, 0xffff, 0, 1000), fmt({ pixelRepresentation: 1 }), 2, -1024)).toEqual([
      -66560, -1026, -1024, 976,
    ]);
  });

  it('honours a HighBit that is not BitsStored − 1', () => {
    expect(decode(u16(0x0010, 0x0ff0, 0, 0x8000), fmt({ bitsStored: 8, highBit: 11 }))).toEqual([1, 255, 0, 0]);
  });

  it('reads 8-bit signed and unsigned data', () => {
    const raw = Uint8Array.from([0, 127, 128, 255]);
    expect(decode(raw, fmt({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }))).toEqual([0, 127, 128, 255]);
    expect(decode(raw, fmt({ bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 1 }))).toEqual([
      0, 127, -128, -1,
    ]);
  });

  it('inverts MONOCHROME1 within the stored range before rescale', () => {
    expect(
      decode(u16(0, 4095, 1000, 5), fmt({ bitsStored: 12, highBit: 11, photometric: 'MONOCHROME1' }), 1, 10),
    ).toEqual([4105, 10, 3105, 4100]);
    expect(decode(u16(0xffff, 0, 0x8000, 1), fmt({ pixelRepresentation: 1, photometric: 'MONOCHROME1' }))).toEqual([
      0, -1, 32767, -2,
    ]);
  });

  it('reads an unaligned buffer by copying it', () => {
    const raw = new Uint8Array(9);
    raw.set(u16(1, 2, 3, 4), 1);
    expect(decode(raw.subarray(1), fmt({}))).toEqual([1, 2, 3, 4]);
  });

  it('reads the Image Pixel Module with defaults', () => {
    const ds = new Dataset();
    ds.setUint16(Tag.Rows, 2);
    ds.setUint16(Tag.Columns, 3);
    ds.setUint16(Tag.BitsAllocated, 16);
    ds.setUint16(Tag.BitsStored, 12);
    ds.set({ tag: Tag.PixelData, vr: 'OW', value: Buffer.alloc(12) });
    expect(readPixelFormat(ds)).toEqual(fmt({ rows: 2, columns: 3, bitsStored: 12, highBit: 11 }));
  });
});

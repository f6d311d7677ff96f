import type { Dataset } from '@delineo/dicom';
import { Tag } from '@delineo/dicom';
import { VolumeError } from './errors';

/** Image Pixel Module attributes that shape decoding (PS3.3 §C.7.6.3). */
export interface PixelFormat {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement (PS3.3 §C.7.6.3.1). */
  pixelRepresentation: number;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  /** Float Pixel Data (7FE0,0008): values are already real numbers (PS3.3 §C.7.6.3.1.8). */
  float: boolean;
}

export function readPixelFormat(ds: Dataset): PixelFormat {
  const rows = ds.number(Tag.Rows);
  const columns = ds.number(Tag.Columns);
  const float = !ds.has(Tag.PixelData) && ds.has(Tag.FloatPixelData);
  if (!rows || !columns || (!ds.has(Tag.PixelData) && !float)) {
    throw new VolumeError('volume/no-pixel-data', 'instance has no Pixel Data or no Rows/Columns');
  }
  const bitsAllocated = float ? 32 : (ds.number(Tag.BitsAllocated) ?? 16);
  const bitsStored = float ? 32 : (ds.number(Tag.BitsStored) ?? bitsAllocated);
  const photometric = (ds.string(Tag.PhotometricInterpretation) ?? 'MONOCHROME2').toUpperCase();
  const spp = ds.number(Tag.SamplesPerPixel) ?? 1;
  // Volumes are scalar: colour (RGB, YBR, PALETTE COLOR) has no rescale to HU or signal units.
  if (spp !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    throw new VolumeError(
      'volume/unsupported-pixel-format',
      `${photometric} with ${spp} samples per pixel is not a scalar image`,
    );
  }
  if (![8, 16, 32].includes(bitsAllocated) || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new VolumeError(
      'volume/unsupported-pixel-format',
      `BitsAllocated ${bitsAllocated} / BitsStored ${bitsStored}`,
    );
  }
  return {
    rows,
    columns,
    bitsAllocated,
    bitsStored,
    float,
    photometric,
    highBit: ds.number(Tag.HighBit) ?? bitsStored - 1,
    pixelRepresentation: ds.number(Tag.PixelRepresentation) ?? 0,
  };
}

export interface Rescale {
  slope: number;
  intercept: number;
}

/** A frame of stored values in its BitsAllocated container, little endian (PS3.5 §8.1.1). */
function view(raw: Uint8Array, bits: number, count: number): Uint8Array | Uint16Array | Uint32Array | Float32Array {
  const bytes = (bits / 8) * count;
  if (raw.length < bytes)
    throw new VolumeError('volume/decode-failed', `frame has ${raw.length} bytes, needs ${bytes}`);
  let src = raw;
  if (bits > 8 && raw.byteOffset % (bits / 8) !== 0) src = Uint8Array.prototype.slice.call(raw, 0, bytes);
  if (bits === 8) return src.subarray(0, count);
  if (bits === 16) return new Uint16Array(src.buffer, src.byteOffset, count);
  return new Uint32Array(src.buffer, src.byteOffset, count);
}

/**
 * Stored values → real-world values into out[offset…]. Bits outside BitsStored are masked and a
 * signed value is sign-extended from its high bit (PS3.5 §8.1.1, PS3.3 §C.7.6.3.1). MONOCHROME1
 * is inverted within the stored range, (min + max) − v, before the Modality LUT's slope/intercept
 * (PS3.3 §C.7.6.3.1.2, §C.11.1), so that brighter always means more signal.
 */
export function storedToFloat(raw: Uint8Array, f: PixelFormat, r: Rescale, out: Float32Array, offset: number): void {
  const n = f.rows * f.columns;
  const { slope, intercept } = r;
  if (f.float) {
    const src = view(raw, 32, n);
    const fl = new Float32Array(src.buffer, src.byteOffset, n);
    for (let i = 0; i < n; i++) out[offset + i] = fl[i] * slope + intercept;
    return;
  }
  const src = view(raw, f.bitsAllocated, n);
  const shift = f.highBit + 1 - f.bitsStored;
  const bits = f.bitsStored;
  const signed = f.pixelRepresentation === 1;
  const flip = f.photometric === 'MONOCHROME1';
  if (bits >= 32) {
    const words = signed ? new Int32Array(src.buffer, src.byteOffset, n) : src;
    const sum = signed ? -1 : 0xffffffff;
    for (let i = 0; i < n; i++) out[offset + i] = (flip ? sum - words[i] : words[i]) * slope + intercept;
    return;
  }
  // Hot loops stay monomorphic: shift left then arithmetic-shift right sign-extends from the high bit.
  const mask = (1 << bits) - 1;
  const up = 32 - bits;
  if (!flip && shift === 0) {
    if (signed) for (let i = 0; i < n; i++) out[offset + i] = ((src[i] << up) >> up) * slope + intercept;
    else for (let i = 0; i < n; i++) out[offset + i] = (src[i] & mask) * slope + intercept;
    return;
  }
  const sum = signed ? -1 : mask; // min + max of the stored range
  for (let i = 0; i < n; i++) {
    const u = (src[i] >>> shift) & mask;
    const v = signed ? (u << up) >> up : u;
    out[offset + i] = (flip ? sum - v : v) * slope + intercept;
  }
}

import { ImagingError } from './errors';
import type { PixelModule } from './pixel-module';

/** Stored values of one native mono frame as numbers (PS3.5 §8.1.1; signed per PS3.3 C.7.6.3.1.4). */
export function storedValues(frame: Buffer, pm: PixelModule): Float64Array {
  const n = pm.rows * pm.columns;
  const out = new Float64Array(n);
  if (pm.bitsAllocated === 1) {
    for (let i = 0; i < n; i++) out[i] = (frame[i >> 3] >> (i & 7)) & 1;
    return out;
  }
  const bytes = pm.bitsAllocated / 8;
  const bits = Math.min(pm.bitsStored, 32);
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const sign = 2 ** (bits - 1);
  const signed = pm.pixelRepresentation === 1;
  for (let i = 0; i < n; i++) {
    const raw =
      bytes === 1 ? frame[i] : bytes === 2 ? frame[2 * i] | (frame[2 * i + 1] << 8) : frame.readUInt32LE(4 * i);
    // Bits above Bits Stored are not part of the value (PS3.5 §8.1.1, High Bit = Bits Stored − 1).
    let v = bits >= 32 ? raw : (raw & mask) >>> 0;
    if (signed && v >= sign) v -= 2 * sign;
    out[i] = v;
  }
  return out;
}

/** One native colour frame as 8-bit RGB, colour-by-pixel (PS3.3 C.7.6.3.1.2 for YBR_FULL). */
export function rgb8(frame: Buffer, pm: PixelModule, photometric: string): Uint8Array {
  if (pm.bitsAllocated !== 8) {
    throw new ImagingError('imaging/unsupported-pixel-format', `colour with ${pm.bitsAllocated} bits allocated`);
  }
  const n = pm.rows * pm.columns;
  const out = new Uint8Array(n * 3);
  const at =
    pm.planarConfiguration === 1
      ? (i: number, c: number) => frame[c * n + i]
      : (i: number, c: number) => frame[3 * i + c];
  const ybr = photometric === 'YBR_FULL';
  if (!ybr && photometric !== 'RGB') {
    throw new ImagingError('imaging/unsupported-pixel-format', `photometric ${photometric} is not rendered`);
  }
  for (let i = 0; i < n; i++) {
    const a = at(i, 0);
    const b = at(i, 1);
    const c = at(i, 2);
    if (!ybr) {
      out[3 * i] = a;
      out[3 * i + 1] = b;
      out[3 * i + 2] = c;
      continue;
    }
    out[3 * i] = clamp(a + 1.402 * (c - 128));
    out[3 * i + 1] = clamp(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
    out[3 * i + 2] = clamp(a + 1.772 * (b - 128));
  }
  return out;
}

export const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

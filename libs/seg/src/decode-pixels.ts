import { forEachSetBit } from './bits';

export interface Placed {
  /** Slice k of each stored frame. */
  slices: number[];
  /** Segment Number of each frame (BINARY/FRACTIONAL). */
  segments: number[];
}

/**
 * Writes segment `s` into one voxel. Overlap rule for BINARY/FRACTIONAL (segments may overlap,
 * PS3.3 §C.8.20.2.3): the highest Segment Number wins; each voxel claimed twice is counted once.
 */
class Claims {
  overlap = 0;
  private marked?: Uint8Array;
  constructor(readonly out: Uint8Array | Uint16Array) {}

  claim(idx: number, s: number): void {
    const cur = this.out[idx];
    if (cur === 0 || cur === s) {
      this.out[idx] = s;
      return;
    }
    this.marked ??= new Uint8Array(this.out.length);
    if (!this.marked[idx]) {
      this.marked[idx] = 1;
      this.overlap++;
    }
    if (s > cur) this.out[idx] = s;
  }
}

/** BINARY: 1-bit frames packed back to back (PS3.5 §8.1.1). */
export function fillBinary(packed: Uint8Array, pixels: number, placed: Placed, out: Uint8Array | Uint16Array): number {
  const claims = new Claims(out);
  placed.slices.forEach((k, n) => {
    const base = k * pixels;
    const s = placed.segments[n];
    forEachSetBit(packed, pixels, n, (i) => claims.claim(base + i, s));
  });
  return claims.overlap;
}

/** FRACTIONAL (read only): a voxel belongs to a segment from half the Maximum Fractional Value up. */
export function fillFractional(
  values: Uint8Array,
  pixels: number,
  max: number,
  placed: Placed,
  out: Uint8Array | Uint16Array,
): number {
  const claims = new Claims(out);
  placed.slices.forEach((k, n) => {
    const s = placed.segments[n];
    for (let i = 0, src = n * pixels; i < pixels; i++)
      if (values[src + i] * 2 >= max && values[src + i] > 0) claims.claim(k * pixels + i, s);
  });
  return claims.overlap;
}

/**
 * LABELMAP: pixels are Segment Numbers (PS3.3 §C.8.20.2.3.3), 8 or 16 bits little endian; the
 * Pixel Padding Value, when present, marks background and becomes 0.
 */
export function fillLabelmap(
  raw: Buffer,
  bits: number,
  pixels: number,
  padding: number | undefined,
  placed: Placed,
  out: Uint8Array | Uint16Array,
): void {
  placed.slices.forEach((k, n) => {
    for (let i = 0; i < pixels; i++) {
      const v = bits === 16 ? raw.readUInt16LE(2 * (n * pixels + i)) : raw[n * pixels + i];
      out[k * pixels + i] = v === padding ? 0 : v;
    }
  });
}

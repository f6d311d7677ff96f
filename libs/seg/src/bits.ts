/**
 * 1-bit pixel packing (PS3.5 §8.1.1, PS3.3 §C.8.20.2.1): pixel n of the whole Pixel Data is bit
 * (n mod 8) of byte ⌊n / 8⌋, least significant bit first. Frames follow each other with no padding,
 * so when Rows × Columns is not a multiple of 8 a frame starts in the middle of a byte.
 */

/** Bytes needed for `frames` frames of `pixels` 1-bit pixels, padded to even length (PS3.5 §7.1.1). */
export function packedLength(pixels: number, frames: number): number {
  const bytes = Math.ceil((pixels * frames) / 8);
  return bytes + (bytes & 1);
}

/** Bit of pixel `index` (0-based, within frame `frame`) in packed data. */
export function bitAt(packed: Uint8Array, pixels: number, frame: number, index: number): number {
  const bit = frame * pixels + index;
  return (packed[Math.floor(bit / 8)] >> (bit % 8)) & 1;
}

/**
 * Calls `visit(index)` for every set pixel of one frame. Whole zero bytes are skipped, which is
 * what keeps decoding sparse masks cheap.
 */
export function forEachSetBit(packed: Uint8Array, pixels: number, frame: number, visit: (index: number) => void): void {
  const first = frame * pixels;
  const shift = first % 8;
  const base = (first - shift) / 8;
  const lastByte = Math.floor((first + pixels - 1) / 8) - base;
  for (let b = 0; b <= lastByte; b++) {
    const byte = packed[base + b];
    if (byte === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if (((byte >> bit) & 1) === 0) continue;
      const index = b * 8 + bit - shift;
      if (index >= 0 && index < pixels) visit(index);
    }
  }
}

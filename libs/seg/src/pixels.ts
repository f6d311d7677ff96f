import { packedLength } from './bits';
import { SegError } from './errors';
import type { SegmentPlan } from './segments';

/** A frame to write: segment index (−1 for a LABELMAP frame) and slice k. */
export interface PlannedFrame {
  segment: number;
  slice: number;
}

/** A 32-bit view of the label map when it is 4-byte aligned, to skip background four voxels at a time. */
function wordsOf(a: Uint8Array): Uint32Array | undefined {
  return a.byteOffset % 4 === 0 ? new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2) : undefined;
}

/** Calls `visit(i, value)` for every non-zero voxel in [start, end); label maps are mostly background. */
function scanNonZero(
  a: Uint8Array,
  words: Uint32Array | undefined,
  start: number,
  end: number,
  visit: (i: number, v: number) => void,
): void {
  let i = start;
  if (words) {
    for (; i < end && i & 3; i++) if (a[i] !== 0) visit(i, a[i]);
    for (; i + 4 <= end; i += 4) {
      if (words[i >>> 2] === 0) continue;
      for (let j = i; j < i + 4; j++) if (a[j] !== 0) visit(j, a[j]);
    }
  }
  for (; i < end; i++) if (a[i] !== 0) visit(i, a[i]);
}

/**
 * One pass over the label map: which (segment, slice) pairs hold any voxel. Values without a label
 * definition are refused: the SEG would otherwise drop them silently.
 */
export function presence(labelMap: Uint8Array, pixels: number, slices: number, plan: SegmentPlan): Uint8Array {
  const present = new Uint8Array(plan.labels.length * slices);
  const index = plan.indexOfValue;
  const words = wordsOf(labelMap);
  for (let k = 0; k < slices; k++) {
    scanNonZero(labelMap, words, k * pixels, (k + 1) * pixels, (_, v) => {
      const s = index[v];
      if (s < 0) throw new SegError('seg/unknown-label', 'label map holds a value with no label definition');
      present[s * slices + k] = 1;
    });
  }
  return present;
}

/**
 * Frame order = Dimension Index order: segment, then slice along the normal (PS3.3 §C.7.6.17).
 * Only non-empty frames are written (BINARY: per segment and slice; LABELMAP: per slice). A SEG needs
 * at least one frame (Number of Frames is type 1), so an entirely empty result keeps one empty frame.
 */
export function planFrames(present: Uint8Array, segments: number, slices: number, labelmap: boolean): PlannedFrame[] {
  const frames: PlannedFrame[] = [];
  if (labelmap) {
    for (let k = 0; k < slices; k++) {
      for (let s = 0; s < segments; s++) {
        if (present[s * slices + k]) {
          frames.push({ segment: -1, slice: k });
          break;
        }
      }
    }
  } else {
    for (let s = 0; s < segments; s++)
      for (let k = 0; k < slices; k++) if (present[s * slices + k]) frames.push({ segment: s, slice: k });
  }
  if (frames.length === 0) frames.push({ segment: labelmap ? -1 : 0, slice: 0 });
  return frames;
}

/**
 * BINARY Pixel Data: 1 bit per pixel, frames back to back with no per-frame padding (PS3.5 §8.1.1),
 * the whole value padded to even length. One pass over the label map; each voxel sets one bit in
 * the frame of its segment at its slice.
 */
export function packBinary(
  labelMap: Uint8Array,
  pixels: number,
  slices: number,
  plan: SegmentPlan,
  frames: PlannedFrame[],
): Buffer {
  const segments = plan.labels.length;
  const frameOf = new Int32Array(segments * slices).fill(-1);
  frames.forEach((f, n) => (frameOf[f.segment * slices + f.slice] = n));
  const out = Buffer.alloc(packedLength(pixels, frames.length));
  const byteBase = new Float64Array(segments);
  const shift = new Int32Array(segments);
  const index = plan.indexOfValue;
  const words = wordsOf(labelMap);
  for (let k = 0, off = 0; k < slices; k++, off += pixels) {
    for (let s = 0; s < segments; s++) {
      const n = frameOf[s * slices + k];
      const firstBit = n < 0 ? 0 : n * pixels; // exact in a double well past 2^32 bits
      shift[s] = firstBit % 8;
      byteBase[s] = (firstBit - shift[s]) / 8;
    }
    scanNonZero(labelMap, words, off, off + pixels, (at, v) => {
      const s = index[v];
      const p = shift[s] + at - off;
      out[byteBase[s] + (p >>> 3)] |= 1 << (p & 7);
    });
  }
  return out;
}

/** LABELMAP Pixel Data: 8-bit Segment Numbers (= label values), the planned slices in order. */
export function copyLabelmap(labelMap: Uint8Array, pixels: number, frames: PlannedFrame[]): Buffer {
  const whole = frames.length * pixels === labelMap.length && frames.every((f, n) => f.slice === n);
  if (whole && labelMap.length % 2 === 0) return Buffer.from(labelMap.buffer, labelMap.byteOffset, labelMap.length);
  const out = Buffer.alloc(frames.length * pixels + ((frames.length * pixels) & 1));
  frames.forEach((f, n) => out.set(labelMap.subarray(f.slice * pixels, (f.slice + 1) * pixels), n * pixels));
  return out;
}

import { Dataset, Tag } from '@delineo/dicom';
import { ImagingError } from './errors';
import { frameBytes, type PixelModule } from './pixel-module';

/** 1-based frame numbers, checked against Number of Frames (PS3.18 §10.4.1.1.3: 400/404 otherwise). */
export function checkFrameNumbers(numbers: number[], pm: PixelModule): void {
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > pm.frames) {
      throw new ImagingError('imaging/frame-out-of-range', `frame ${n} is outside 1..${pm.frames}`);
    }
  }
}

/**
 * One native frame's bytes. 1-bit frames are re-packed from their bit offset when a frame does not
 * start on a byte (PS3.5 §8.1.1: frames of packed bits follow each other without padding).
 */
export function nativeFrame(ds: Dataset, pm: PixelModule, n: number): Buffer {
  const value = ds.get(Tag.PixelData)?.value;
  if (!value) throw new ImagingError('imaging/no-pixel-data', 'Pixel Data is not native');
  if (pm.bitsAllocated !== 1) {
    const size = frameBytes(pm);
    const frame = value.subarray((n - 1) * size, n * size);
    if (frame.length < size) throw new ImagingError('imaging/decode-failed', 'Pixel Data shorter than its frames');
    return frame;
  }
  const bits = pm.rows * pm.columns;
  const out = Buffer.alloc(Math.ceil(bits / 8));
  for (let i = 0, src = (n - 1) * bits; i < bits; i++, src++) {
    if (value[src >> 3] & (1 << (src & 7))) out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

/**
 * The bit stream of each frame of encapsulated Pixel Data (PS3.5 §A.4): one fragment per frame
 * when the counts agree, else by the Basic Offset Table (offsets count from the first fragment's
 * item tag), else all fragments for a single frame.
 */
export function encapsulatedFrames(ds: Dataset, pm: PixelModule): Buffer[] {
  const all = ds.get(Tag.PixelData)?.fragments;
  if (!all) throw new ImagingError('imaging/no-pixel-data', 'Pixel Data is not encapsulated');
  const [bot, ...frags] = all;
  if (pm.frames === 1) return [frags.length === 1 ? frags[0] : Buffer.concat(frags)];
  if (frags.length === pm.frames) return frags;
  if (!bot || bot.length < 4 * pm.frames) {
    throw new ImagingError('imaging/decode-failed', `${frags.length} fragments, ${pm.frames} frames, no offset table`);
  }
  const starts = Array.from({ length: pm.frames }, (_, i) => bot.readUInt32LE(4 * i));
  const parts: Buffer[][] = starts.map(() => []);
  let pos = 0;
  for (const frag of frags) {
    let f = starts.length - 1;
    while (f > 0 && starts[f] > pos) f--;
    parts[f].push(frag);
    pos += frag.length + 8;
  }
  return parts.map((p) => (p.length === 1 ? p[0] : Buffer.concat(p)));
}

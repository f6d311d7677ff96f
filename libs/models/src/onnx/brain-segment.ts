import type { InferenceSession } from 'onnxruntime-node';
import type { Volume } from '@delineo/volume';
import { conformVolume, labelsToSource, scaleIntensity } from './conform';
import { runLabels } from './onnx-runner';

export interface BrainSegmentOptions {
  /**
   * brainchop's autoThreshold for model18cls (0.2): the model runs only on the bounding box of
   * voxels above threshold × max of the scaled volume (cropPadding 0); the rest is background.
   * 0 runs the whole 256³ grid.
   */
  cropThreshold?: number;
  /** Edge of the conformed cube in 1 mm voxels (default 256). */
  size?: number;
}

export interface BrainSegmentResult {
  /** Labels on the source volume's grid (x fastest). */
  labels: Uint8Array;
  /** Labels on the conformed 256³ LIA grid, and that grid. */
  conformedLabels: Uint8Array;
  conformed: Volume;
  /** Bounding box actually run, [x0, y0, z0, x1, y1, z1] inclusive, in conformed voxels. */
  box: number[];
}

/** Conform → scale → crop → one ONNX run (in-graph ArgMax) → paste → back to source geometry. */
export async function segmentBrain(
  session: InferenceSession,
  source: Volume,
  opts: BrainSegmentOptions = {},
): Promise<BrainSegmentResult> {
  const resampled = conformVolume(source, opts.size);
  const conformed: Volume = { ...resampled, data: scaleIntensity(resampled.data) };
  const [nx, ny, nz] = conformed.dims;
  const box = foregroundBox(conformed.data, conformed.dims, opts.cropThreshold ?? 0.2);
  const size = [box[3] - box[0] + 1, box[4] - box[1] + 1, box[5] - box[2] + 1];
  const block = new Float32Array(size[0] * size[1] * size[2]);
  copyBox(size, (p, v) => (block[p] = conformed.data[v]), box, nx, ny);
  const blockLabels = await runLabels(session, block, [size[2], size[1], size[0]]);
  const conformedLabels = new Uint8Array(nx * ny * nz);
  copyBox(size, (p, v) => (conformedLabels[v] = blockLabels[p]), box, nx, ny);
  return { labels: labelsToSource(conformedLabels, conformed, source), conformedLabels, conformed, box };
}

/** Inclusive bounding box of voxels > threshold·max; the whole grid when threshold is 0 or none pass. */
export function foregroundBox(data: Float32Array, [nx, ny, nz]: number[], threshold: number): number[] {
  if (threshold <= 0) return [0, 0, 0, nx - 1, ny - 1, nz - 1];
  let max = -Infinity;
  for (const v of data) if (v > max) max = v;
  const cut = threshold * max;
  const box = [nx, ny, nz, -1, -1, -1];
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!(data[i] > cut)) continue;
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.min(box[2], z);
        box[3] = Math.max(box[3], x);
        box[4] = Math.max(box[4], y);
        box[5] = Math.max(box[5], z);
      }
  return box[3] < 0 ? [0, 0, 0, nx - 1, ny - 1, nz - 1] : box;
}

function copyBox(
  size: number[],
  fn: (blockIndex: number, volumeIndex: number) => void,
  box: number[],
  nx: number,
  ny: number,
): void {
  let p = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++) {
      const row = box[0] + nx * (box[1] + y + ny * (box[2] + z));
      for (let x = 0; x < size[0]; x++) fn(p++, row + x);
    }
}

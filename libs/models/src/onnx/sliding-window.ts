import type { InferenceSession } from 'onnxruntime-node';
import { ModelError } from '../errors';
import { argmaxChannels, runLabels, runLogits } from './onnx-runner';

/** Anything with x-fastest voxels and [nx, ny, nz] dims (a @delineo/volume Volume fits). */
export interface VoxelBlock {
  dims: [number, number, number];
  data: Float32Array;
}

export interface SlidingWindowOptions {
  /** Patch edge in voxels, [nx, ny, nz] or one number for a cube. */
  patchSize: number | [number, number, number];
  /** Overlap between neighbouring patches in voxels (same per axis), < patch. */
  overlap: number;
  /** Classes in the logits; read from the first patch when absent. */
  numClasses?: number;
  /** 'gaussian' (σ = patch/8, nnU-Net's choice) down-weights patch borders; default 'gaussian'. */
  weighting?: 'gaussian' | 'uniform';
}

/**
 * Labels for a volume. When it fits in one patch the model runs once and, if the graph has an
 * ArgMax output, only int64 labels leave onnxruntime (no C×N float logits in JS). Larger volumes
 * are tiled; weighted logits are summed per voxel (C×N float32 in memory) and arg-maxed.
 */
export async function runSlidingWindow(
  session: InferenceSession,
  volume: VoxelBlock,
  opts: SlidingWindowOptions,
): Promise<Uint8Array> {
  const patch = typeof opts.patchSize === 'number' ? [opts.patchSize, opts.patchSize, opts.patchSize] : opts.patchSize;
  const [nx, ny, nz] = volume.dims;
  if (patch.some((p) => p <= opts.overlap) || opts.overlap < 0)
    throw new ModelError('models/invalid-input', `overlap ${opts.overlap} must be in [0, patch)`);
  if (nx <= patch[0] && ny <= patch[1] && nz <= patch[2]) return runLabels(session, volume.data, [nz, ny, nx]);

  const size = [Math.min(patch[0], nx), Math.min(patch[1], ny), Math.min(patch[2], nz)];
  const weight = patchWeights(size, opts.weighting ?? 'gaussian');
  const n = nx * ny * nz;
  const norm = new Float32Array(n);
  let acc: Float32Array | null = null;
  let classes = opts.numClasses ?? 0;
  const pn = size[0] * size[1] * size[2];
  const block = new Float32Array(pn);
  for (const oz of starts(nz, size[2], opts.overlap))
    for (const oy of starts(ny, size[1], opts.overlap))
      for (const ox of starts(nx, size[0], opts.overlap)) {
        forEachVoxel(size, [ox, oy, oz], [nx, ny], (p, v) => (block[p] = volume.data[v]));
        const logits = await runLogits(session, block, [size[2], size[1], size[0]]);
        classes ||= logits.length / pn;
        acc ??= new Float32Array(classes * n);
        const a = acc;
        forEachVoxel(size, [ox, oy, oz], [nx, ny], (p, v) => {
          norm[v] += weight[p];
          for (let c = 0; c < classes; c++) a[c * n + v] += weight[p] * logits[c * pn + p];
        });
      }
  // Every voxel is covered at least once; dividing by the weight sum keeps the vote scale-free.
  for (let c = 0; c < classes; c++) for (let v = 0; v < n; v++) acc![c * n + v] /= norm[v];
  return argmaxChannels(acc!, classes);
}

/** Patch origins along one axis: step patch − overlap, the last one flush with the end. */
export function starts(dim: number, patch: number, overlap: number): number[] {
  const out: number[] = [];
  const step = patch - overlap;
  for (let s = 0; s + patch < dim; s += step) out.push(s);
  out.push(Math.max(dim - patch, 0));
  return out;
}

function patchWeights(size: number[], mode: 'gaussian' | 'uniform'): Float32Array {
  const axes = size.map((s) =>
    Float32Array.from({ length: s }, (_, i) => {
      if (mode === 'uniform') return 1;
      const sigma = s / 8;
      const d = i - (s - 1) / 2;
      // Floor keeps border voxels of a single covering patch from dividing by ~0.
      return Math.max(Math.exp(-(d * d) / (2 * sigma * sigma)), 1e-3);
    }),
  );
  const w = new Float32Array(size[0] * size[1] * size[2]);
  forEachVoxel(size, [0, 0, 0], [size[0], size[1]], (p) => {
    const x = p % size[0],
      y = Math.floor(p / size[0]) % size[1],
      z = Math.floor(p / (size[0] * size[1]));
    w[p] = axes[0][x] * axes[1][y] * axes[2][z];
  });
  return w;
}

/** Visits a patch of `size` at `origin` in a volume of row length nx and plane nx·ny. */
function forEachVoxel(
  size: number[],
  origin: number[],
  [nx, ny]: number[],
  fn: (patchIndex: number, volumeIndex: number) => void,
): void {
  let p = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++) {
      const row = origin[0] + nx * (origin[1] + y + ny * (origin[2] + z));
      for (let x = 0; x < size[0]; x++) fn(p++, row + x);
    }
}

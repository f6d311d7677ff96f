import { ModelError } from '../errors';

/** [nx, ny, nz]; voxel v = i + nx·(j + ny·k), x fastest, as @delineo/volume stores it. */
export type Dims = readonly [number, number, number];

/** Face (6) or full (26) neighbourhood in 3-D; on one slice 6 means 4-connected. */
export type Connectivity = 6 | 26;

/** A binary mask: one byte per voxel, 0 = background, 1 = foreground. */
export type Mask = Uint8Array;

export const voxelCount = (dims: Dims): number => dims[0] * dims[1] * dims[2];

export function assertMask(mask: Uint8Array, dims: Dims): void {
  if (mask.length !== voxelCount(dims)) {
    throw new ModelError(
      'models/invalid-input',
      `mask has ${mask.length} voxels, grid ${dims.join('×')} needs ${voxelCount(dims)}`,
    );
  }
}

/**
 * Growable Int32 list of voxel indices, reused across flood fills so that a whole segmentation
 * allocates a handful of arrays rather than one per component.
 */
export class IndexList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

import { floodFill } from './flood';
import { assertMask, Connectivity, Dims, IndexList, Mask } from './grid';

export interface Component {
  /** Lowest voxel index of the component (a stable seed for re-filling it). */
  seed: number;
  voxels: number;
}

/** Every connected component of a 0/1 mask, largest first (ties: lower seed first). */
export function findComponents(mask: Mask, dims: Dims, conn: Connectivity = 6): Component[] {
  assertMask(mask, dims);
  const work = mask.slice();
  const list = new IndexList();
  const out: Component[] = [];
  for (let v = work.indexOf(1); v !== -1; v = work.indexOf(1, v + 1)) {
    out.push({ seed: v, voxels: floodFill(work, dims, v, 1, 2, conn, list) });
  }
  return out.sort((a, b) => b.voxels - a.voxels || a.seed - b.seed);
}

/** Labels each component 1…n (largest first) in an Int32 label image. */
export function labelComponents(
  mask: Mask,
  dims: Dims,
  conn: Connectivity = 6,
): { labels: Int32Array; components: Component[] } {
  const components = findComponents(mask, dims, conn);
  const labels = new Int32Array(mask.length);
  const work = mask.slice();
  const list = new IndexList();
  components.forEach((c, n) => {
    floodFill(work, dims, c.seed, 1, 2, conn, list);
    for (let q = 0; q < list.length; q++) labels[list.data[q]] = n + 1;
  });
  return { labels, components };
}

/** A new mask holding only the given components of `mask`. */
export function selectComponents(mask: Mask, dims: Dims, chosen: Component[], conn: Connectivity = 6): Mask {
  const work = mask.slice();
  const out = new Uint8Array(mask.length);
  const list = new IndexList();
  for (const c of chosen) {
    floodFill(work, dims, c.seed, 1, 2, conn, list);
    for (let q = 0; q < list.length; q++) out[list.data[q]] = 1;
  }
  return out;
}

/** The `count` largest components of at least `minVoxels` voxels each. */
export function keepLargestComponents(mask: Mask, dims: Dims, count = 1, conn: Connectivity = 6, minVoxels = 1): Mask {
  const chosen = findComponents(mask, dims, conn)
    .filter((c) => c.voxels >= minVoxels)
    .slice(0, count);
  return selectComponents(mask, dims, chosen, conn);
}

/** Erases, in place, every component smaller than `minVoxels`; returns how many were erased. */
export function removeSmallComponents(mask: Mask, dims: Dims, minVoxels: number, conn: Connectivity = 6): number {
  assertMask(mask, dims);
  const list = new IndexList();
  let removed = 0;
  for (let v = mask.indexOf(1); v !== -1; v = mask.indexOf(1, v + 1)) {
    const n = floodFill(mask, dims, v, 1, 2, conn, list);
    if (n < minVoxels) {
      removed++;
      for (let q = 0; q < n; q++) mask[list.data[q]] = 0;
    }
  }
  for (let v = 0; v < mask.length; v++) mask[v] = mask[v] === 2 ? 1 : 0;
  return removed;
}

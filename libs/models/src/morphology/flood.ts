import { Connectivity, Dims, IndexList } from './grid';

/**
 * Breadth-first flood fill: every voxel equal to `from` that is connected to `seed` becomes `to`.
 * The visited indices are left in `list` (its previous content is discarded), so callers can
 * measure or erase a component without a second pass. Iterative, typed arrays only.
 */
export function floodFill(
  vox: Uint8Array,
  dims: Dims,
  seed: number,
  from: number,
  to: number,
  conn: Connectivity,
  list: IndexList,
): number {
  list.length = 0;
  if (from === to || vox[seed] !== from) return 0;
  vox[seed] = to;
  list.push(seed);
  if (conn === 6) flood6(vox, dims, from, to, list);
  else flood26(vox, dims, from, to, list);
  return list.length;
}

function flood6(vox: Uint8Array, dims: Dims, from: number, to: number, list: IndexList): void {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  for (let head = 0; head < list.length; head++) {
    const v = list.data[head];
    const i = v % nx;
    const r = (v - i) / nx;
    const j = r % ny;
    const k = (r - j) / ny;
    if (i > 0 && vox[v - 1] === from) {
      vox[v - 1] = to;
      list.push(v - 1);
    }
    if (i < nx - 1 && vox[v + 1] === from) {
      vox[v + 1] = to;
      list.push(v + 1);
    }
    if (j > 0 && vox[v - nx] === from) {
      vox[v - nx] = to;
      list.push(v - nx);
    }
    if (j < ny - 1 && vox[v + nx] === from) {
      vox[v + nx] = to;
      list.push(v + nx);
    }
    if (k > 0 && vox[v - sxy] === from) {
      vox[v - sxy] = to;
      list.push(v - sxy);
    }
    if (k < nz - 1 && vox[v + sxy] === from) {
      vox[v + sxy] = to;
      list.push(v + sxy);
    }
  }
}

function flood26(vox: Uint8Array, dims: Dims, from: number, to: number, list: IndexList): void {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  for (let head = 0; head < list.length; head++) {
    const v = list.data[head];
    const i = v % nx;
    const r = (v - i) / nx;
    const j = r % ny;
    const k = (r - j) / ny;
    const k0 = k > 0 ? -1 : 0,
      k1 = k < nz - 1 ? 1 : 0;
    const j0 = j > 0 ? -1 : 0,
      j1 = j < ny - 1 ? 1 : 0;
    const i0 = i > 0 ? -1 : 0,
      i1 = i < nx - 1 ? 1 : 0;
    for (let dk = k0; dk <= k1; dk++) {
      for (let dj = j0; dj <= j1; dj++) {
        const row = v + dk * sxy + dj * nx;
        for (let di = i0; di <= i1; di++) {
          const u = row + di;
          if (vox[u] === from) {
            vox[u] = to;
            list.push(u);
          }
        }
      }
    }
  }
}

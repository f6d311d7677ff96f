import { assertMask, Connectivity, Dims, Mask } from './grid';

/**
 * dst[v] op= src[v + dir·stride] for every voxel whose neighbour along `axis` lies inside the
 * grid. Along any axis the valid voxels of one block (stride × extent) form one contiguous
 * range, so the inner loop has no bounds checks.
 */
function shiftCombine(src: Mask, dst: Mask, dims: Dims, axis: 0 | 1 | 2, dir: 1 | -1, and: boolean): void {
  const stride = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  const block = stride * dims[axis];
  const lo = dir < 0 ? stride : 0;
  const hi = dir < 0 ? block : block - stride;
  const off = dir * stride;
  for (let b = 0; b < src.length; b += block) {
    const end = b + hi;
    if (and) for (let v = b + lo; v < end; v++) dst[v] &= src[v + off];
    else for (let v = b + lo; v < end; v++) dst[v] |= src[v + off];
  }
}

/**
 * One step of binary dilation (and = false) or erosion (and = true). The 26-neighbourhood is
 * the 3×3×3 box, applied separably axis by axis; the 6-neighbourhood is the face cross.
 * Voxels outside the grid are ignored: they neither grow nor erode the mask.
 */
function morph(mask: Mask, dims: Dims, conn: Connectivity, and: boolean): Mask {
  assertMask(mask, dims);
  const axes = [0, 1, 2] as const;
  if (conn === 6) {
    const out = mask.slice();
    for (const a of axes) for (const d of [1, -1] as const) shiftCombine(mask, out, dims, a, d, and);
    return out;
  }
  let cur = mask;
  for (const a of axes) {
    const next = cur.slice();
    shiftCombine(cur, next, dims, a, 1, and);
    shiftCombine(cur, next, dims, a, -1, and);
    cur = next;
  }
  return cur;
}

/** Binary dilation, `iterations` times, with the 6- or 26-neighbourhood. Returns a new mask. */
export function dilate(mask: Mask, dims: Dims, conn: Connectivity = 6, iterations = 1): Mask {
  let cur: Mask = mask.slice();
  for (let n = 0; n < iterations; n++) cur = morph(cur, dims, conn, false);
  return cur;
}

/** Binary erosion, `iterations` times, with the 6- or 26-neighbourhood. Returns a new mask. */
export function erode(mask: Mask, dims: Dims, conn: Connectivity = 6, iterations = 1): Mask {
  let cur: Mask = mask.slice();
  for (let n = 0; n < iterations; n++) cur = morph(cur, dims, conn, true);
  return cur;
}

/** Opening (erode then dilate): removes structures thinner than the element, e.g. thin bridges. */
export const open = (mask: Mask, dims: Dims, conn: Connectivity = 6, iterations = 1): Mask =>
  dilate(erode(mask, dims, conn, iterations), dims, conn, iterations);

/** Closing (dilate then erode): bridges gaps narrower than the element. */
export const close = (mask: Mask, dims: Dims, conn: Connectivity = 6, iterations = 1): Mask =>
  erode(dilate(mask, dims, conn, iterations), dims, conn, iterations);

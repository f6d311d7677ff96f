import { column, fromColumns, gridAffine, scale } from './linalg';
import { Vec3, Volume } from './types';

/**
 * Canonical voxel orders. 'LPS': i, j, k increase towards patient Left, Posterior, Superior (DICOM
 * patient axes, PS3.3 §C.7.6.2.1.1); 'RAS': towards Right, Anterior, Superior (NIfTI/nibabel).
 */
export type CanonicalOrientation = 'LPS' | 'RAS';

const SIGNS: Record<CanonicalOrientation, Vec3> = { LPS: [1, 1, 1], RAS: [-1, -1, 1] };
const PERMUTATIONS: Vec3[] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/**
 * Reorders voxels so that each axis is the one closest to a canonical world axis: permutations
 * and flips only, so voxel values are copied exactly and the world position of every voxel is
 * unchanged. Oblique directions stay oblique (no resampling). Slice sources survive only when the
 * slice axis stays the slice axis.
 */
export function reorient(vol: Volume, target: CanonicalOrientation = 'RAS'): Volume {
  const d = vol.direction;
  // perm[t] = source axis that becomes output axis t; the best of the 6 permutations.
  const perm = PERMUTATIONS.reduce((best, p) =>
    p.reduce((s, a, t) => s + Math.abs(d[t * 3 + a]), 0) > best.reduce((s, a, t) => s + Math.abs(d[t * 3 + a]), 0)
      ? p
      : best,
  );
  const flip = perm.map((a, t) => Math.sign(d[t * 3 + a]) !== SIGNS[target][t]);
  const stride = [1, vol.dims[0], vol.dims[0] * vol.dims[1]];
  const start: Vec3 = [0, 0, 0];
  perm.forEach((a, t) => (start[a] = flip[t] ? vol.dims[a] - 1 : 0));
  const dims = perm.map((a) => vol.dims[a]) as Vec3;
  const step = perm.map((a, t) => (flip[t] ? -stride[a] : stride[a]));
  const base = start[0] + start[1] * stride[1] + start[2] * stride[2];
  const data = new Float32Array(vol.data.length);
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      let s = base + k * step[2] + j * step[1];
      for (let i = 0; i < dims[0]; i++, s += step[0]) data[o++] = vol.data[s];
    }
  }
  const a = gridAffine(vol);
  const origin = [0, 1, 2].map(
    (r) => a[r * 4] * start[0] + a[r * 4 + 1] * start[1] + a[r * 4 + 2] * start[2] + a[r * 4 + 3],
  ) as Vec3;
  const cols = perm.map((src, t) => scale(column(d, src), flip[t] ? -1 : 1));
  const sources = perm[2] === 2 ? (flip[2] ? [...vol.sources].reverse() : vol.sources) : [];
  return {
    dims,
    spacing: perm.map((src) => vol.spacing[src]) as Vec3,
    origin,
    direction: fromColumns(cols[0], cols[1], cols[2]),
    data,
    sources,
  };
}

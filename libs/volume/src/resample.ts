import { gridAffine, invertAffine, multiply4 } from './linalg';
import { Grid, Volume } from './types';

export interface ResampleOptions {
  /** 'nearest' for label maps (never invents labels), 'linear' (trilinear) for images. */
  mode: 'nearest' | 'linear';
  /** Value outside the source volume. Default 0. */
  fill?: number;
  /**
   * Treat the half voxel beyond the outermost voxel centres as inside (edge values extend), as a
   * voxel's footprint does. Default false: only points within the centres' hull are sampled.
   */
  extendHalfVoxel?: boolean;
}

const EPS = 1e-4;

/**
 * Resamples onto a target grid (dims, spacing, direction, origin in LPS). Each target voxel centre
 * is mapped through target index→world then world→source index; the composition is affine, so
 * one step vector per row keeps the inner loop allocation-free.
 */
export function resample(vol: Volume, grid: Grid, opts: ResampleOptions): Volume {
  const t = multiply4(invertAffine(gridAffine(vol)), gridAffine(grid));
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = vol.dims;
  const src = vol.data;
  const fill = opts.fill ?? 0;
  const out = new Float32Array(nx * ny * nz);
  const linear = opts.mode === 'linear';
  const m = opts.extendHalfVoxel ? 0.5 : EPS;
  let o = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x = t[1] * j + t[2] * k + t[3];
      let y = t[5] * j + t[6] * k + t[7];
      let z = t[9] * j + t[10] * k + t[11];
      for (let i = 0; i < nx; i++, x += t[0], y += t[4], z += t[8]) {
        if (x < -m || y < -m || z < -m || x > sx - 1 + m || y > sy - 1 + m || z > sz - 1 + m) {
          out[o++] = fill;
          continue;
        }
        if (!linear) {
          out[o++] = src[near(x, sx) + sx * (near(y, sy) + sy * near(z, sz))];
          continue;
        }
        out[o++] = trilinear(src, sx, sy, sz, x, y, z);
      }
    }
  }
  return { ...grid, dims: [...grid.dims], data: out, sources: [] };
}

const near = (v: number, n: number): number => Math.min(n - 1, Math.max(0, Math.round(v)));

function trilinear(src: Float32Array, sx: number, sy: number, sz: number, x: number, y: number, z: number): number {
  const cx = Math.min(Math.max(x, 0), sx - 1);
  const cy = Math.min(Math.max(y, 0), sy - 1);
  const cz = Math.min(Math.max(z, 0), sz - 1);
  const x0 = Math.min(Math.floor(cx), Math.max(sx - 2, 0));
  const y0 = Math.min(Math.floor(cy), Math.max(sy - 2, 0));
  const z0 = Math.min(Math.floor(cz), Math.max(sz - 2, 0));
  const fx = cx - x0,
    fy = cy - y0,
    fz = cz - z0;
  const dx = x0 + 1 < sx ? 1 : 0,
    dy = y0 + 1 < sy ? sx : 0,
    dz = z0 + 1 < sz ? sx * sy : 0;
  const p = x0 + sx * (y0 + sy * z0);
  const c00 = src[p] + (src[p + dx] - src[p]) * fx;
  const c10 = src[p + dy] + (src[p + dy + dx] - src[p + dy]) * fx;
  const c01 = src[p + dz] + (src[p + dz + dx] - src[p + dz]) * fx;
  const c11 = src[p + dz + dy] + (src[p + dz + dy + dx] - src[p + dz + dy]) * fx;
  const c0 = c00 + (c10 - c00) * fy;
  const c1 = c01 + (c11 - c01) * fy;
  return c0 + (c1 - c0) * fz;
}

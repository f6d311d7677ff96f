import type { Volume } from '@delineo/volume';
import { findComponents, selectComponents } from '../morphology/components';
import { Dims, Mask } from '../morphology/grid';

export interface LungMasks {
  left: Mask;
  right: Mask;
}

/** LPS x (mm) of voxel (i, j, k): row 0 of origin + direction·(index × spacing). */
function worldXFn(vol: Volume): (i: number, j: number, k: number) => number {
  const d = vol.direction;
  const [sx, sy, sz] = vol.spacing;
  return (i, j, k) => vol.origin[0] + d[0] * i * sx + d[1] * j * sy + d[2] * k * sz;
}

/** Mean LPS x of the voxels of a mask (the patient's left is +x, PS3.3 §C.7.6.2.1.1). */
export function meanWorldX(mask: Mask, vol: Volume): number {
  const [nx, ny, nz] = vol.dims;
  const wx = worldXFn(vol);
  let sum = 0;
  let n = 0;
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (!mask[v]) continue;
        sum += wx(i, j, k);
        n++;
      }
    }
  }
  return n ? sum / n : NaN;
}

/**
 * Lungs from the air enclosed by the body outline: the two largest air components of at least
 * `minVoxels`. Two components go whole to the side of their centroid; a single component
 * (lungs joined through the airway) is cut at the body midline voxel by voxel.
 */
export function splitLungs(enclosedAir: Mask, vol: Volume, midlineX: number, minVoxels: number): LungMasks {
  const dims = vol.dims as Dims;
  const comps = findComponents(enclosedAir, dims, 6)
    .filter((c) => c.voxels >= minVoxels)
    .slice(0, 2);
  const left = new Uint8Array(enclosedAir.length);
  const right = new Uint8Array(enclosedAir.length);
  if (comps.length === 2) {
    for (const c of comps) {
      const m = selectComponents(enclosedAir, dims, [c], 6);
      const target = meanWorldX(m, vol) > midlineX ? left : right;
      for (let v = 0; v < m.length; v++) target[v] |= m[v];
    }
  } else if (comps.length === 1) {
    const m = selectComponents(enclosedAir, dims, comps, 6);
    const [nx, ny, nz] = vol.dims;
    const wx = worldXFn(vol);
    for (let k = 0, v = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++, v++) if (m[v]) (wx(i, j, k) > midlineX ? left : right)[v] = 1;
      }
    }
  }
  return { left, right };
}

import { Grid, Mat3, resample, Vec3, Volume } from '@delineo/volume';

/**
 * FreeSurfer-style conform (mri_convert --conform): 256³ voxels of 1 mm in LIA order, centred on
 * the source's centre. brainchop requires exactly this before MeshNet runs (its ensureConformed
 * checks 256³, uint8 and niivue permRAS [-1, 3, -2], i.e. LIA, and otherwise calls niivue's
 * conform, a port of FreeSurfer's).
 */
export const CONFORM_SIZE = 256;

/** LIA in DICOM LPS, as direction columns: i → Left (+x), j → Inferior (−z), k → Anterior (−y). */
export const LIA_DIRECTION: Mat3 = [1, 0, 0, 0, 0, -1, 0, -1, 0];

/** The conformed grid: FreeSurfer puts the source centre (voxel N/2, its c_ras) at voxel 128. */
export function conformGrid(source: Grid, size = CONFORM_SIZE): Grid {
  const d = source.direction;
  const half = source.dims.map((n) => n / 2);
  const centre = [0, 1, 2].map(
    (r) => source.origin[r] + [0, 1, 2].reduce((s, c) => s + d[r * 3 + c] * source.spacing[c] * half[c], 0),
  ) as Vec3;
  const m = size / 2;
  const origin = [0, 1, 2].map(
    (r) => centre[r] - (LIA_DIRECTION[r * 3] + LIA_DIRECTION[r * 3 + 1] + LIA_DIRECTION[r * 3 + 2]) * m,
  ) as Vec3;
  return { dims: [size, size, size], spacing: [1, 1, 1], origin, direction: [...LIA_DIRECTION] as Mat3 };
}

/** Trilinear resample onto the conformed grid; outside the source reads as the source minimum. */
export function conformVolume(vol: Volume, size = CONFORM_SIZE): Volume {
  let min = Infinity;
  for (const v of vol.data) if (v < min) min = v;
  return resample(vol, conformGrid(vol, size), { mode: 'linear', fill: Number.isFinite(min) ? min : 0 });
}

/**
 * brainchop's input scaling for model18cls: niivue conform stores uint8 (min–max → 0…255,
 * isRobustMinMax false), then minMaxNormalizeVolumeData maps to [0, 1]
 * (enableQuantileNorm: false in brainchop-parameters.js). Both steps together: round to 256
 * levels, divide by 255.
 */
export function scaleIntensity(data: Float32Array): Float32Array {
  let min = Infinity,
    max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  const out = new Float32Array(data.length);
  if (!(range > 0)) return out;
  for (let i = 0; i < data.length; i++) out[i] = Math.round((255 * (data[i] - min)) / range) / 255;
  return out;
}

/** Conformed-grid labels → the source geometry by nearest neighbour (never invents labels). */
export function labelsToSource(labels: Uint8Array, conformed: Grid, source: Grid): Uint8Array {
  const vol: Volume = { ...conformed, data: Float32Array.from(labels), sources: [] };
  const back = resample(vol, source, { mode: 'nearest', fill: 0 });
  return Uint8Array.from(back.data);
}

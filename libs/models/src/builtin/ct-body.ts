import type { Volume } from '@delineo/volume';
import { ModelError } from '../errors';
import { keepLargestComponents, removeSmallComponents } from '../morphology/components';
import { fillHoles } from '../morphology/fill-holes';
import { Dims, Mask } from '../morphology/grid';
import { labelVolumes, LabelVolume } from '../volumetry';
import { meanWorldX, splitLungs } from './ct-body.lungs';

/** Label values of the ct-body label map (the segment numbers of its manifest). */
export const CT_BODY_LABELS = [
  { value: 1, name: 'Body' },
  { value: 2, name: 'Left lung' },
  { value: 3, name: 'Right lung' },
  { value: 4, name: 'Bone' },
] as const;

export interface CtBodyOptions {
  /** Patient tissue vs air/foam, HU. */
  bodyMinHu?: number;
  /** Also keep body components of at least this fraction of the largest (arms beside the trunk). */
  bodyKeepFraction?: number;
  /** Aerated lung, HU. */
  airMaxHu?: number;
  /** Each lung component must be at least this large, mL (rejects bowel gas and the airway). */
  minLungMl?: number;
  /** Cortical and dense cancellous bone, HU. */
  boneMinHu?: number;
  /** Bone components smaller than this are dropped (calcifications, contrast, noise), mL. */
  minBoneMl?: number;
}

const DEFAULTS: Required<CtBodyOptions> = {
  bodyMinHu: -500,
  bodyKeepFraction: 0.05,
  airMaxHu: -320,
  minLungMl: 100,
  boneMinHu: 180,
  minBoneMl: 0.2,
};

export interface CtBodyResult {
  /** Same grid as the input: 0 outside, then CT_BODY_LABELS values. */
  labelMap: Uint8Array;
  volumes: LabelVolume[];
}

function threshold(data: Float32Array, pass: (hu: number) => boolean, within?: Mask): Mask {
  const out = new Uint8Array(data.length);
  for (let v = 0; v < data.length; v++) out[v] = (!within || within[v]) && pass(data[v]) ? 1 : 0;
  return out;
}

/** The patient: largest tissue component plus large satellites (arms), holes filled per slice. */
function bodyMask(vol: Volume, o: Required<CtBodyOptions>): Mask {
  const dims = vol.dims as Dims;
  const tissue = threshold(vol.data, (hu) => hu > o.bodyMinHu);
  const largest = keepLargestComponents(tissue, dims, 1, 6);
  let biggest = 0;
  for (let v = 0; v < largest.length; v++) biggest += largest[v];
  const body = keepLargestComponents(
    tissue,
    dims,
    Infinity,
    6,
    Math.max(1, Math.min(biggest, Math.ceil(biggest * o.bodyKeepFraction))),
  );
  return fillHoles(body, dims, true);
}

/**
 * Classical CT body composition on a volume in HU: body outline, left and right lungs, bone.
 * Thresholds follow the usual CT windows (air ≈ −1000, lung ≈ −850…−500, soft tissue 0…100,
 * bone > 200 HU); sides come from the volume direction, not from voxel order.
 */
export function segmentCtBody(vol: Volume, options: CtBodyOptions = {}): CtBodyResult {
  const o = { ...DEFAULTS, ...options };
  const dims = vol.dims as Dims;
  if (vol.data.length !== dims[0] * dims[1] * dims[2])
    throw new ModelError('models/invalid-input', 'volume data does not match dims');
  const voxelMl = (vol.spacing[0] * vol.spacing[1] * vol.spacing[2]) / 1000;
  const body = bodyMask(vol, o);
  const air = threshold(vol.data, (hu) => hu < o.airMaxHu, body);
  const lungs = splitLungs(air, vol, meanWorldX(body, vol), Math.max(1, Math.ceil(o.minLungMl / voxelMl)));
  // Marrow (often < 200 HU) sits inside a cortical shell: filling the shell's holes per slice
  // recovers it, at the price of the spinal canal where the arch closes around it.
  const bone = fillHoles(
    threshold(vol.data, (hu) => hu > o.boneMinHu, body),
    dims,
    true,
  );
  removeSmallComponents(bone, dims, Math.max(1, Math.ceil(o.minBoneMl / voxelMl)), 26);
  const labelMap = new Uint8Array(body.length);
  for (let v = 0; v < labelMap.length; v++) {
    labelMap[v] = bone[v] ? 4 : lungs.left[v] ? 2 : lungs.right[v] ? 3 : body[v] ? 1 : 0;
  }
  return { labelMap, volumes: labelVolumes(labelMap, vol.spacing, CT_BODY_LABELS) };
}

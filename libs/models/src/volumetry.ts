import { ModelError } from './errors';

export interface LabelVolume {
  value: number;
  name: string;
  voxels: number;
  /** voxels × sx·sy·sz mm³ / 1000 (1 mL = 1 cm³ = 1000 mm³). */
  volumeMl: number;
}

/** Voxel count and volume of each named label of a Uint8 label map, in the order given. */
export function labelVolumes(
  labelMap: Uint8Array,
  spacing: readonly [number, number, number],
  labels: readonly { value: number; name: string }[],
): LabelVolume[] {
  if (!spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new ModelError('models/invalid-input', `spacing ${spacing.join(',')} must be positive`);
  }
  const counts = new Float64Array(256);
  for (let v = 0; v < labelMap.length; v++) counts[labelMap[v]]++;
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  return labels.map(({ value, name }) => {
    const voxels = value >= 0 && value < 256 ? counts[value] : 0;
    return { value, name, voxels, volumeMl: voxels * voxelMl };
  });
}

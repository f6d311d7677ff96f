import type { LabelDefinition, LabelVolume } from '@delineo/models';
import { FhirError } from './errors';
import type { SegmentVolume } from './report-input';

/**
 * Joins a model's labels with the volumes libs/models measured (labelVolumes) by label value,
 * which is also the SEG Segment Number. A volume without a label is a caller bug, not a segment
 * to drop silently.
 */
export function toSegmentVolumes(labels: readonly LabelDefinition[], volumes: readonly LabelVolume[]): SegmentVolume[] {
  const byValue = new Map(labels.map((l) => [l.value, l]));
  return volumes.map((v, i) => {
    const label = byValue.get(v.value);
    if (!label)
      throw new FhirError('fhir/invalid-input', `volumes[${i}]: label value ${v.value} is not in the model's labels`);
    const { name, category, type, modifier } = label;
    return {
      number: v.value,
      label: { name, category, type, ...(modifier ? { modifier } : {}) },
      volumeMl: v.volumeMl,
      voxelCount: v.voxels,
    };
  });
}

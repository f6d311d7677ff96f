import { CT_BODY_MANIFEST, type LabelVolume } from '@delineo/models';
import { reportInput } from '../test/fixtures';
import { FhirError } from './errors';
import { toSegmentVolumes } from './segments.mapper';
import { buildSegmentationReportBundle } from './transaction.mapper';

describe('toSegmentVolumes', () => {
  const volumes: LabelVolume[] = CT_BODY_MANIFEST.labels.map((l, i) => ({
    value: l.value,
    name: l.name,
    voxels: 1000 * (i + 1),
    volumeMl: i + 0.5,
  }));

  it('joins the built-in ct-body labels with their volumes, and the result is reportable', () => {
    const segments = toSegmentVolumes(CT_BODY_MANIFEST.labels, volumes);
    expect(segments.map((s) => [s.number, s.label.name, s.voxelCount])).toEqual([
      [1, 'Body', 1000],
      [2, 'Left lung', 2000],
      [3, 'Right lung', 3000],
      [4, 'Bone', 4000],
    ]);
    expect(segments[1].label.modifier?.CodeValue).toBe('7771000');
    expect(() => buildSegmentationReportBundle(reportInput({ segments }))).not.toThrow();
  });

  it('refuses a volume whose label the model does not define', () => {
    expect(() => toSegmentVolumes(CT_BODY_MANIFEST.labels, [{ value: 9, name: 'x', voxels: 1, volumeMl: 1 }])).toThrow(
      FhirError,
    );
  });
});

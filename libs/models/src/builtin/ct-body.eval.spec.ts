import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePart10 } from '@delineo/dicom';
import { assembleSeries, readNiftiFile, reorient, Volume } from '@delineo/volume';
import { coverage, dice } from '../metrics';
import { segmentCtBody } from './ct-body';

/**
 * Against TotalSegmentator's own reference (tests/reference_files upstream): example_ct_dicom is
 * 20 abdominal CT slices, example_seg_dicom.nii.gz its `total` label map on the dcm2niix grid.
 */
const TS = path.resolve(__dirname, '../../../../../shared/data/totalsegmentator');
const BONE_CLASS = /^(vertebrae_|rib_|sacrum$|hip_|femur_|humerus_|scapula_|clavicula_|sternum$|skull$)/;

async function loadCt(): Promise<Volume> {
  const dir = path.join(TS, 'example_ct_dicom');
  const parsed = readdirSync(dir)
    .sort()
    .map((f) => parsePart10(readFileSync(path.join(dir, f))));
  // The upstream files have EMPTY SOPInstanceUIDs; give each a unique one in memory only.
  parsed.forEach((p, i) => p.dataset.setString(0x00080018, 'UI', `2.25.4242.${i + 1}`));
  return reorient(await assembleSeries(parsed), 'LPS');
}

describe('ct-body against the TotalSegmentator reference (20 real CT slices)', () => {
  let ct: Volume;
  let ref: Volume;
  let ours: Uint8Array;
  const classes = JSON.parse(readFileSync(path.join(TS, 'class_map_total.json'), 'utf8')) as Record<string, string>;

  beforeAll(async () => {
    ct = await loadCt();
    ref = reorient(readNiftiFile(path.join(TS, 'example_seg_dicom.nii.gz')), 'LPS');
    ours = segmentCtBody(ct).labelMap;
  });

  it('puts the DICOM volume and the reference NIfTI on the same LPS grid', () => {
    expect(ref.dims).toEqual(ct.dims);
    for (let a = 0; a < 3; a++) {
      expect(ref.spacing[a]).toBeCloseTo(ct.spacing[a], 4);
      expect(ref.origin[a]).toBeCloseTo(ct.origin[a], 2);
    }
    ref.direction.forEach((d, i) => expect(d).toBeCloseTo(ct.direction[i], 4));
  });

  it('covers all labelled reference tissue with the body mask', () => {
    const labelled = Uint8Array.from(ref.data, (x) => (x > 0 ? 1 : 0));
    const cov = coverage(labelled, ours);
    console.log(`ct-body body coverage of TotalSegmentator labels: ${cov.toFixed(4)}`);
    expect(cov).toBeGreaterThanOrEqual(0.98);
  });

  it('finds bone with Dice ≥ 0.68 against the union of the reference bone classes', () => {
    const boneIds = new Set(
      Object.entries(classes)
        .filter(([, n]) => BONE_CLASS.test(n))
        .map(([id]) => Number(id)),
    );
    const refBone = Uint8Array.from(ref.data, (x) => (boneIds.has(x) ? 1 : 0));
    const d = dice(
      Uint8Array.from(ours, (l) => (l === 4 ? 1 : 0)),
      refBone,
    );
    console.log(`ct-body bone Dice vs TotalSegmentator bone union: ${d.toFixed(4)}`);
    expect(d).toBeGreaterThanOrEqual(0.68);
  });

  it('reports no lungs where the reference has none (abdominal slices, bowel gas only)', () => {
    const lungIds = Object.entries(classes)
      .filter(([, n]) => n.startsWith('lung_'))
      .map(([id]) => Number(id));
    expect(ref.data.some((x) => lungIds.includes(x))).toBe(false);
    expect(ours.some((l) => l === 2 || l === 3)).toBe(false);
  });

  it('keeps the arm beside the trunk (a separate component) inside the body', () => {
    const humerusIds = Object.entries(classes)
      .filter(([, n]) => n.startsWith('humerus_'))
      .map(([id]) => Number(id));
    const humerus = Uint8Array.from(ref.data, (x) => (humerusIds.includes(x) ? 1 : 0));
    expect(coverage(humerus, ours)).toBeGreaterThan(0.95);
  });
});

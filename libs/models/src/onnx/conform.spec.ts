import { resolve } from 'node:path';
import { gridAffine, readNiftiFile, resample, Volume } from '@delineo/volume';
import { conformGrid, labelsToSource, LIA_DIRECTION, scaleIntensity } from './conform';

const T1 = resolve(__dirname, '../../../../../shared/data/brainchop/t1_crop.nii.gz');

/** 40×50×30 RAS volume, 2 mm voxels, labels 1 in the patient-left half (LPS x > 0) and 2 in a block. */
function rasLabels(): Volume {
  const dims: [number, number, number] = [40, 50, 30];
  const vol: Volume = {
    dims,
    spacing: [2, 2, 2],
    origin: [39, 49, -29],
    direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    data: new Float32Array(40 * 50 * 30),
    sources: [],
  };
  const a = gridAffine(vol);
  for (let k = 0, n = 0; k < 30; k++)
    for (let j = 0; j < 50; j++)
      for (let i = 0; i < 40; i++, n++) {
        const x = a[0] * i + a[1] * j + a[2] * k + a[3];
        vol.data[n] = i > 5 && i < 12 && j > 20 && j < 30 && k > 3 && k < 9 ? 2 : x > 0 ? 1 : 0;
      }
  return vol;
}

describe('conform to 256³ 1 mm LIA', () => {
  it('leaves an already conformed FreeSurfer volume on its own grid', () => {
    const t1 = readNiftiFile(T1);
    const g = conformGrid(t1);
    expect(g.dims).toEqual([256, 256, 256]);
    expect(g.direction.map((v) => v + 0)).toEqual(t1.direction.map((v) => Math.round(v) + 0));
    g.origin.forEach((o, r) => expect(o).toBeCloseTo(t1.origin[r], 3));
  });

  it('orders conformed voxels Left, Inferior, Anterior and maps labels back exactly', () => {
    const src = rasLabels();
    const grid = conformGrid(src);
    expect(grid.direction).toEqual(LIA_DIRECTION);
    const conformed = resample(src, grid, { mode: 'nearest' });
    // i grows towards patient left: the high-i half of the conformed grid is label 1 (x > 0 side).
    const row = 256 * (128 + 256 * 128);
    expect(conformed.data[row + 150]).toBe(1);
    expect(conformed.data[row + 106]).toBe(0);
    const back = labelsToSource(Uint8Array.from(conformed.data), grid, src);
    expect(Buffer.from(back).equals(Buffer.from(Uint8Array.from(src.data)))).toBe(true);
  });

  it('scales intensities min–max to 256 levels in [0, 1] as brainchop does', () => {
    expect(Array.from(scaleIntensity(Float32Array.of(100, 300, 200, 101)))).toEqual(
      [0, 1, 128 / 255, 1 / 255].map((v) => Math.fround(v)),
    );
    expect(Array.from(scaleIntensity(Float32Array.of(5, 5)))).toEqual([0, 0]);
  });
});

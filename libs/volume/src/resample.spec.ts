import { assembleSeriesSync, gridAffine, Grid, reorient, resample, syntheticSeries, Volume } from '@delineo/volume';

const world = (v: Volume, i: number, j: number, k: number): number[] => {
  const a = gridAffine(v);
  return [0, 1, 2].map((r) => a[r * 4] * i + a[r * 4 + 1] * j + a[r * 4 + 2] * k + a[r * 4 + 3]);
};

/** Sagittal slices (rows along −z, columns along +y): far from any canonical voxel order. */
const sagittal = (): Volume =>
  assembleSeriesSync(
    syntheticSeries({
      columns: 5,
      rows: 4,
      slices: 3,
      orientation: [0, 1, 0, 0, 0, -1],
      value: (i, j, k) => i + 10 * j + 100 * k + 1,
    }),
  );

describe('reorientation', () => {
  it.each(['RAS', 'LPS'] as const)('reorders to %s exactly, keeping every voxel at its world position', (target) => {
    const v = sagittal();
    const r = reorient(v, target);
    const signs = target === 'RAS' ? [-1, -1, 1] : [1, 1, 1];
    for (let t = 0; t < 3; t++) expect(r.direction[t * 3 + t]).toBeCloseTo(signs[t]);
    expect(r.dims.reduce((a, b) => a * b)).toBe(60);
    // every output voxel equals the source voxel at the same world point
    for (let k = 0; k < r.dims[2]; k++)
      for (let j = 0; j < r.dims[1]; j++)
        for (let i = 0; i < r.dims[0]; i++) {
          const w = world(r, i, j, k);
          const resampled = resample(
            v,
            {
              dims: [1, 1, 1],
              spacing: [1, 1, 1],
              origin: w as [number, number, number],
              direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
            { mode: 'nearest' },
          );
          expect(r.data[i + r.dims[0] * (j + r.dims[1] * k)]).toBe(resampled.data[0]);
        }
  });

  it('is a no-op on an already canonical LPS volume and keeps slice sources', () => {
    const v = assembleSeriesSync(syntheticSeries());
    const r = reorient(v, 'LPS');
    expect([...r.data]).toEqual([...v.data]);
    expect(r.sources).toEqual(v.sources);
    const ras = reorient(v, 'RAS');
    expect(ras.sources).toEqual(v.sources); // slice axis kept, so sources survive
  });
});

describe('resampling', () => {
  it('returns the same voxels on the identical grid (nearest and linear)', () => {
    const v = sagittal();
    const grid: Grid = { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction };
    expect([...resample(v, grid, { mode: 'nearest' }).data]).toEqual([...v.data]);
    const lin = resample(v, grid, { mode: 'linear' }).data;
    lin.forEach((x, i) => expect(x).toBeCloseTo(v.data[i], 4));
  });

  it('interpolates a linear ramp exactly with trilinear and fills outside the source', () => {
    const v = assembleSeriesSync(
      syntheticSeries({ columns: 4, rows: 3, slices: 3, pixelSpacing: [1, 1], sliceStep: 1, origin: [0, 0, 0] }),
    );
    const half: Grid = { dims: [8, 1, 1], spacing: [0.5, 1, 1], origin: [0, 1, 1], direction: v.direction };
    const out = resample(v, half, { mode: 'linear', fill: -1 }).data;
    // value = i + 10 j + 100 k at (j, k) = (1, 1): 110 + x, defined up to x = 3
    expect([...out]).toEqual([110, 110.5, 111, 111.5, 112, 112.5, 113, -1]);
  });

  it('never invents labels with nearest neighbour', () => {
    const labels = sagittal();
    labels.data = labels.data.map((x) => x % 3);
    const fine: Grid = {
      dims: [13, 9, 7],
      spacing: [0.33, 0.41, 1.1],
      origin: [labels.origin[0] - 1, labels.origin[1] - 0.2, labels.origin[2] - 2],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const out = resample(labels, fine, { mode: 'nearest' });
    expect(new Set(out.data)).toEqual(new Set([0, 1, 2]));
    expect(out.dims).toEqual([13, 9, 7]);
    expect(out.sources).toEqual([]);
  });
});

import { Dataset, Tag } from '@delineo/dicom';
import { assembleSeriesSync, syntheticSeries, VolumeError } from '@delineo/volume';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VolumeError);
    return (e as VolumeError).code;
  }
  throw new Error('expected a VolumeError');
};

describe('classic series assembly', () => {
  it('orders slices by position along the normal, not by input order or InstanceNumber', () => {
    const series = syntheticSeries({ slices: 6 });
    const shuffled = [series[3], series[0], series[5], series[1], series[4], series[2]];
    const vol = assembleSeriesSync(shuffled);
    expect(vol.dims).toEqual([8, 6, 6]);
    expect(vol.sources.map((s) => s.sopInstanceUid)).toEqual(series.map((d) => d.string(Tag.SOPInstanceUID)));
    expect(vol.sources.every((s) => s.frameNumber === 1)).toBe(true);
    expect(vol.data[3 + 8 * 2 + 48 * 4]).toBe(3 + 20 + 400);
    expect(vol.spacing).toEqual([0.7, 0.8, expect.closeTo(2.5, 6)]);
    expect(vol.origin).toEqual([-100, -120, 50]);
  });

  it('puts the most inferior slice first when slices were acquired head to foot', () => {
    const series = syntheticSeries({ slices: 4, sliceStep: -3 }).reverse();
    const vol = assembleSeriesSync(series);
    expect(vol.origin[2]).toBeCloseTo(50 - 9);
    expect(vol.spacing[2]).toBeCloseTo(3);
    expect(vol.data[48 * 0]).toBe(300); // stored k = 3 is the lowest slice
  });

  it('derives the normal as row × column for oblique sagittal slices', () => {
    const c = Math.cos(0.3),
      s = Math.sin(0.3);
    const iop = [0, c, s, 0, -s, c]; // rows run anterior→posterior tilted, columns head-ward
    const vol = assembleSeriesSync(syntheticSeries({ orientation: iop, slices: 3, sliceStep: 1.2 }));
    const d = vol.direction;
    expect([d[2], d[5], d[8]].map((v) => Math.abs(v))).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(0, 6),
      expect.closeTo(0, 6),
    ]);
    expect(vol.spacing[2]).toBeCloseTo(1.2, 5);
  });

  it('applies RescaleSlope/Intercept to signed stored values (CT in HU)', () => {
    const vol = assembleSeriesSync(syntheticSeries({ signed: true, slope: 1, intercept: -1024, value: () => -2000 }));
    expect(vol.data.every((v) => v === -3024)).toBe(true);
  });

  it('uses a single slice with SliceThickness as its spacing', () => {
    const vol = assembleSeriesSync(syntheticSeries({ slices: 1, sliceStep: 5 }));
    expect(vol.dims[2]).toBe(1);
    expect(vol.spacing[2]).toBe(5);
  });

  it.each([
    [
      'volume/inconsistent-orientation',
      () => {
        const s = syntheticSeries();
        s[2].setString(Tag.ImageOrientationPatient, 'DS', ['1', '0', '0', '0', '0.9', '0.43589']);
        return s;
      },
    ],
    [
      'volume/inconsistent-matrix',
      () => {
        const s = syntheticSeries();
        s[1].setString(Tag.PixelSpacing, 'DS', ['0.8', '0.75']);
        return s;
      },
    ],
    [
      'volume/inconsistent-matrix',
      () => [
        ...syntheticSeries({ slices: 2 }),
        ...syntheticSeries({ slices: 1, columns: 9, origin: [-100, -120, 55] }),
      ],
    ],
    ['volume/duplicate-slices', () => [...syntheticSeries({ slices: 3 }), syntheticSeries({ slices: 2 })[1]]],
    ['volume/missing-slices', () => syntheticSeries({ slices: 6 }).filter((_, k) => k !== 3)],
    [
      'volume/non-uniform-spacing',
      () => {
        const s = syntheticSeries({ slices: 4 });
        s[3].setString(Tag.ImagePositionPatient, 'DS', ['-100', '-120', '58.6']);
        return s;
      },
    ],
    ['volume/gantry-tilt', () => syntheticSeries({ slices: 5, shearPerSlice: 0.4 })],
    [
      'volume/missing-geometry',
      () => {
        const s = syntheticSeries();
        s[0].delete(Tag.ImagePositionPatient);
        return s;
      },
    ],
    [
      'volume/no-pixel-data',
      () => {
        const s = syntheticSeries();
        s[0].delete(Tag.PixelData);
        return s;
      },
    ],
    [
      'volume/unsupported-pixel-format',
      () => {
        const s = syntheticSeries();
        s[0].setString(Tag.PhotometricInterpretation, 'CS', 'RGB');
        s[0].setUint16(Tag.SamplesPerPixel, 3);
        return s;
      },
    ],
    [
      'volume/decode-failed',
      () => {
        const s = syntheticSeries();
        s[0].set({ tag: Tag.PixelData, vr: 'OW', value: Buffer.alloc(10) });
        return s;
      },
    ],
    ['volume/empty-series', () => [] as Dataset[]],
  ])('rejects with %s', (expected, make) => {
    expect(code(() => assembleSeriesSync(make()))).toBe(expected);
  });

  it('tolerates IPP rounding noise well below the tilt and spacing tolerances', () => {
    const s = syntheticSeries({ slices: 5 });
    s[2].setString(Tag.ImagePositionPatient, 'DS', ['-99.996', '-120.004', '55.003']);
    expect(assembleSeriesSync(s).dims[2]).toBe(5);
  });
});

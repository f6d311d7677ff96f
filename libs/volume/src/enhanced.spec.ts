import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Dataset, parsePart10, Tag } from '@delineo/dicom';
import { assembleSeries, assembleSeriesSync, instanceFrames } from '@delineo/volume';

const SHARED = resolve(__dirname, '../../../../shared/data');

function item(build: (d: Dataset) => void): Dataset {
  const d = new Dataset();
  build(d);
  return d;
}

/** A 4-frame enhanced instance: orientation and measures shared, position and rescale per frame. */
function enhanced(zs: number[], slopes: number[]): Dataset {
  const ds = new Dataset();
  ds.setString(Tag.SOPInstanceUID, 'UI', '2.25.42');
  ds.setString(Tag.NumberOfFrames, 'IS', String(zs.length));
  ds.setUint16(Tag.Rows, 2);
  ds.setUint16(Tag.Columns, 3);
  ds.setUint16(Tag.BitsAllocated, 16);
  ds.setUint16(Tag.BitsStored, 16);
  ds.setUint16(Tag.PixelRepresentation, 0);
  ds.setString(Tag.PhotometricInterpretation, 'CS', 'MONOCHROME2');
  ds.setSequence(Tag.SharedFunctionalGroupsSequence, [
    item((s) => {
      s.setSequence(Tag.PlaneOrientationSequence, [
        item((o) => o.setString(Tag.ImageOrientationPatient, 'DS', ['1', '0', '0', '0', '1', '0'])),
      ]);
      s.setSequence(Tag.PixelMeasuresSequence, [
        item((m) => {
          m.setString(Tag.PixelSpacing, 'DS', ['0.5', '0.25']);
          m.setString(Tag.SliceThickness, 'DS', '2');
        }),
      ]);
    }),
  ]);
  ds.setSequence(
    Tag.PerFrameFunctionalGroupsSequence,
    zs.map((z, f) =>
      item((p) => {
        p.setSequence(Tag.PlanePositionSequence, [
          item((q) => q.setString(Tag.ImagePositionPatient, 'DS', ['10', '20', String(z)])),
        ]);
        p.setSequence(Tag.PixelValueTransformationSequence, [
          item((q) => {
            q.setString(Tag.RescaleSlope, 'DS', String(slopes[f]));
            q.setString(Tag.RescaleIntercept, 'DS', '-1');
          }),
        ]);
      }),
    ),
  );
  const px = Buffer.alloc(2 * 6 * zs.length);
  for (let f = 0; f < zs.length; f++) for (let i = 0; i < 6; i++) px.writeUInt16LE(f + 1, 2 * (f * 6 + i));
  ds.set({ tag: Tag.PixelData, vr: 'OW', value: px });
  return ds;
}

describe('enhanced multi-frame assembly (PS3.3 §C.7.6.16)', () => {
  it('sorts frames by Plane Position and applies each frame’s Pixel Value Transformation', () => {
    const vol = assembleSeriesSync([enhanced([6, 0, 4, 2], [1, 10, 100, 1000])]);
    expect(vol.dims).toEqual([3, 2, 4]);
    expect(vol.spacing).toEqual([0.25, 0.5, 2]);
    expect(vol.origin).toEqual([10, 20, 0]);
    expect(vol.sources.map((s) => s.frameNumber)).toEqual([2, 4, 3, 1]);
    // frame f holds stored value f, scaled by its own slope, intercept −1
    expect([0, 1, 2, 3].map((k) => vol.data[k * 6])).toEqual([2 * 10 - 1, 4 * 1000 - 1, 3 * 100 - 1, 1 - 1]);
  });

  it('rejects two frames at the same position (e.g. a second echo or time point)', () => {
    expect(() => assembleSeriesSync([enhanced([0, 2, 2, 4], [1, 1, 1, 1])])).toThrow(
      expect.objectContaining({ code: 'volume/duplicate-slices' }),
    );
  });

  it('reads the XA30 Enhanced MR geometry from per-frame and shared functional groups', async () => {
    const dir = join(SHARED, 'dcm_qa_xa30/5_anat-T1w_acq-tfl');
    const buf = readFileSync(join(dir, readdirSync(dir)[0]));
    const frames = instanceFrames(parsePart10(buf));
    expect(frames).toHaveLength(96);
    expect(frames.every((f) => f.position && f.orientation?.length === 6 && f.pixelSpacing?.length === 2)).toBe(true);
    const vol = await assembleSeries([buf]);
    expect(vol.dims).toEqual([128, 128, 96]);
    expect(vol.data.some((v) => v > 0)).toBe(true);
  });

  it('refuses a multi-frame image that has no plane geometry at all', async () => {
    await expect(assembleSeries([readFileSync(join(SHARED, 'pydicom-data/emri_small.dcm'))])).rejects.toMatchObject({
      code: 'volume/missing-geometry',
    });
  });
});

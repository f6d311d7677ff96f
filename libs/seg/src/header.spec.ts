import { Dataset, isValidUid, parsePart10 } from '@delineo/dicom';
import { rgbToDicomLab } from './color';
import { decodeSeg } from './decode';
import { encodeSeg } from './encode';
import { SegTag } from './tags';
import { ellipsoids, labelsFor, SourceSeries, syntheticSource } from './testing/fixtures';
import type { SegEncodeInput } from './types';

const ALGORITHM = { name: 'test-model', version: '2.1.0' };
const item = (ds: Dataset, ...path: number[]): Dataset => path.reduce((d, tag) => d.get(tag)!.items![0], ds);

async function encoded(
  options: SegEncodeInput['options'] = {},
  edit?: (src: SourceSeries) => void,
): Promise<{ src: SourceSeries; ds: Dataset }> {
  const src = await syntheticSource(5, 24, 32);
  edit?.(src);
  const labelMap = ellipsoids(src.geometry.dims, [
    { label: 1, centre: [8, 8, 1], radii: [4, 4, 1] },
    { label: 2, centre: [24, 16, 3], radii: [5, 5, 1] },
  ]);
  const seg = encodeSeg({
    geometry: src.geometry,
    labelMap,
    labels: labelsFor([1, 2]),
    sourceHeaders: src.headers,
    algorithm: ALGORITHM,
    options,
  });
  return { src, ds: parsePart10(seg.part10).dataset };
}

describe('SEG header modules (PS3.3 Table A.51-1)', () => {
  it('copies Patient, Study and Frame of Reference from the source and nothing private', async () => {
    const { src, ds } = await encoded();
    const h = src.headers[0];
    for (const tag of [
      0x00100010, 0x00100020, 0x00100030, 0x00100040, 0x00100021, 0x00101030, 0x0020000d, 0x00080020, 0x00080030,
      0x00080050, 0x00080090, 0x00200010, 0x00200052, 0x00201040, 0x00080005,
    ]) {
      expect([tag.toString(16), ds.get(tag)?.value]).toEqual([tag.toString(16), h.get(tag)!.value]);
    }
    expect(ds.tags().some((t) => (t >>> 16) & 1)).toBe(false);
    expect(ds.string(SegTag.SeriesInstanceUID)).not.toBe(h.string(SegTag.SeriesInstanceUID));
    expect(
      isValidUid(ds.string(SegTag.SeriesInstanceUID)!) && ds.string(SegTag.SeriesInstanceUID)!.startsWith('2.25.'),
    ).toBe(true);
    expect(isValidUid(ds.string(SegTag.SOPInstanceUID)!) && ds.string(SegTag.SOPInstanceUID)!.startsWith('2.25.')).toBe(
      true,
    );
    expect(ds.string(SegTag.Modality)).toBe('SEG');
    expect(ds.strings(SegTag.ImageType)).toEqual(['DERIVED', 'PRIMARY']);
    expect([ds.number(SegTag.BitsAllocated), ds.number(SegTag.BitsStored), ds.number(SegTag.HighBit)]).toEqual([
      1, 1, 0,
    ]);
    expect([ds.string(SegTag.LossyImageCompression), ds.string(SegTag.SegmentsOverlap)]).toEqual(['00', 'NO']);
  });

  it('writes absent Type 2 attributes empty and leaves out empty sequences the source got wrong', async () => {
    const { ds } = await encoded({}, (src) => {
      src.headers[0].delete(0x00080050);
      src.headers[0].delete(SegTag.PositionReferenceIndicator);
      src.headers[0].setSequence(0x00081032, []);
    });
    expect([ds.get(0x00080050)?.value?.length, ds.get(SegTag.PositionReferenceIndicator)?.value?.length]).toEqual([
      0, 0,
    ]);
    expect(ds.has(0x00081032)).toBe(false);
  });

  it('uses the caller’s UIDs, numbers, label and clock', async () => {
    const now = new Date(2031, 0, 2, 3, 4, 5, 6);
    const { ds } = await encoded({
      seriesInstanceUid: '2.25.11',
      sopInstanceUid: '2.25.12',
      seriesNumber: 77,
      instanceNumber: 3,
      contentLabel: 'AI_ORGANS',
      now,
    });
    expect([ds.string(SegTag.SeriesInstanceUID), ds.string(SegTag.SOPInstanceUID)]).toEqual(['2.25.11', '2.25.12']);
    expect([ds.number(SegTag.SeriesNumber), ds.number(SegTag.InstanceNumber), ds.string(SegTag.ContentLabel)]).toEqual([
      77,
      3,
      'AI_ORGANS',
    ]);
    expect([ds.string(SegTag.ContentDate), ds.string(SegTag.ContentTime)]).toEqual(['20310102', '030405.006']);
  });

  it('describes each segment with its codes, nested modifier, colour and algorithm (Table C.8.20-4)', async () => {
    const { ds } = await encoded();
    const [first, second] = ds.get(SegTag.SegmentSequence)!.items!;
    const labels = labelsFor([1, 2]);
    expect(first.string(SegTag.SegmentLabel)).toBe(labels[0].name);
    expect(item(first, SegTag.SegmentedPropertyCategoryCodeSequence).string(SegTag.CodeValue)).toBe('123037004');
    expect(item(first, SegTag.SegmentedPropertyTypeCodeSequence).string(SegTag.CodeMeaning)).toBe('Liver');
    expect(
      item(second, SegTag.SegmentedPropertyTypeCodeSequence, SegTag.SegmentedPropertyTypeModifierCodeSequence).string(
        SegTag.CodeValue,
      ),
    ).toBe('7771000');
    expect(second.has(SegTag.SegmentedPropertyTypeModifierCodeSequence)).toBe(false);
    expect(first.numbers(SegTag.RecommendedDisplayCIELabValue)).toEqual(rgbToDicomLab(labels[0].recommendedDisplayRGB));
    expect([first.string(SegTag.SegmentAlgorithmType), first.string(SegTag.SegmentAlgorithmName)]).toEqual([
      'AUTOMATIC',
      'test-model 2.1.0',
    ]);
    const algo = item(first, SegTag.SegmentationAlgorithmIdentificationSequence);
    expect([algo.string(SegTag.AlgorithmName), algo.string(SegTag.AlgorithmVersion)]).toEqual(['test-model', '2.1.0']);
    expect(item(algo, SegTag.AlgorithmFamilyCodeSequence).string(SegTag.CodeValue)).toBe('123110');
  });

  it('names Delineo as equipment and the model as Contributing Equipment (IHE AIR)', async () => {
    const { ds } = await encoded({ softwareVersion: '9.9.9', deviceSerialNumber: 'SITE-1' });
    expect([
      ds.string(SegTag.Manufacturer),
      ds.string(SegTag.SoftwareVersions),
      ds.string(SegTag.DeviceSerialNumber),
    ]).toEqual(['Delineo', '9.9.9', 'SITE-1']);
    const eq = item(ds, SegTag.ContributingEquipmentSequence);
    expect([eq.string(SegTag.ManufacturerModelName), eq.string(SegTag.SoftwareVersions)]).toEqual([
      'test-model',
      '2.1.0',
    ]);
    expect(item(eq, SegTag.PurposeOfReferenceCodeSequence).string(SegTag.CodeValue)).toBe('109102');
  });

  it('puts geometry in the functional groups: PixelSpacing row then column, orientation shared, positions per frame', async () => {
    const { src, ds } = await encoded();
    const measures = item(ds, SegTag.SharedFunctionalGroupsSequence, SegTag.PixelMeasuresSequence);
    expect(measures.numbers(SegTag.PixelSpacing)).toEqual(
      [src.geometry.spacing[1], src.geometry.spacing[0]].map((v) => expect.closeTo(v, 9)),
    );
    expect(src.geometry.spacing[0]).not.toBeCloseTo(src.geometry.spacing[1]);
    expect(measures.number(SegTag.SpacingBetweenSlices)).toBeCloseTo(1.25, 9);
    expect(
      item(ds, SegTag.SharedFunctionalGroupsSequence, SegTag.PlaneOrientationSequence).numbers(
        SegTag.ImageOrientationPatient,
      ),
    ).toEqual([1, 0, 0, 0, 1, 0]);
    const byUid = new Map(
      src.headers.map((h) => [h.string(SegTag.SOPInstanceUID), h.numbers(SegTag.ImagePositionPatient)]),
    );
    for (const pf of ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items!) {
      const uid = item(pf, SegTag.DerivationImageSequence, SegTag.SourceImageSequence).string(
        SegTag.ReferencedSOPInstanceUID,
      );
      const ipp = item(pf, SegTag.PlanePositionSequence).numbers(SegTag.ImagePositionPatient);
      ipp.forEach((v, a) => expect(v).toBeCloseTo(byUid.get(uid)![a], 6));
    }
  });

  it('references every source instance once and the dimensions segment-then-position (§C.12.2, §C.7.6.17)', async () => {
    const { src, ds } = await encoded();
    const series = ds.get(SegTag.ReferencedSeriesSequence)!.items!;
    expect(series.map((s) => s.string(SegTag.SeriesInstanceUID))).toEqual([
      src.headers[0].string(SegTag.SeriesInstanceUID),
    ]);
    const refs = series[0].get(SegTag.ReferencedInstanceSequence)!.items!;
    expect(refs.map((r) => r.string(SegTag.ReferencedSOPInstanceUID))).toEqual(
      src.geometry.sources.map((s) => s.sopInstanceUid),
    );
    expect(refs.every((r) => r.string(SegTag.ReferencedSOPClassUID) === '1.2.840.10008.5.1.4.1.1.2')).toBe(true);
    const dims = ds.get(SegTag.DimensionIndexSequence)!.items!;
    expect(dims.map((d) => d.get(SegTag.DimensionIndexPointer)!.value!.toString('hex'))).toEqual([
      '62000b00',
      '20003200',
    ]);
    expect(dims.map((d) => d.get(SegTag.FunctionalGroupPointer)!.value!.toString('hex'))).toEqual([
      '62000a00',
      '20001391',
    ]);
    const org = item(ds, SegTag.DimensionOrganizationSequence).string(SegTag.DimensionOrganizationUID);
    expect(dims.every((d) => d.string(SegTag.DimensionOrganizationUID) === org)).toBe(true);
  });

  it('carries lossy compression forward from lossy sources (§C.8.20.2.2)', async () => {
    const { ds } = await encoded({}, (src) => {
      src.headers[0].setString(SegTag.LossyImageCompression, 'CS', '01');
      src.headers[0].setString(SegTag.LossyImageCompressionRatio, 'DS', '8.5');
      src.headers[0].setString(SegTag.LossyImageCompressionMethod, 'CS', 'ISO_10918_1');
    });
    expect([
      ds.string(SegTag.LossyImageCompression),
      ds.string(SegTag.LossyImageCompressionRatio),
      ds.string(SegTag.LossyImageCompressionMethod),
    ]).toEqual(['01', '8.5', 'ISO_10918_1']);
  });

  it('references frames of a multi-frame source with Referenced Frame Number', async () => {
    const { ds } = await encoded({}, (src) => {
      src.geometry = {
        ...src.geometry,
        sources: src.geometry.sources.map((_, k) => ({ sopInstanceUid: '2.25.777', frameNumber: k + 1 })),
      };
      src.headers[0].setString(SegTag.SOPInstanceUID, 'UI', '2.25.777');
      src.headers[0].setString(SegTag.NumberOfFrames, 'IS', '5');
    });
    const frames = ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items!;
    const numbers = frames.map((pf) =>
      item(pf, SegTag.DerivationImageSequence, SegTag.SourceImageSequence).number(SegTag.ReferencedFrameNumber),
    );
    const positions = frames.map((pf) => item(pf, SegTag.FrameContentSequence).numbers(SegTag.DimensionIndexValues)[1]);
    expect(numbers).toEqual(positions);
    expect(item(ds, SegTag.ReferencedSeriesSequence).get(SegTag.ReferencedInstanceSequence)!.items!).toHaveLength(1);
  });

  it('writes non-ASCII labels as ISO_IR 100 when the source uses it, else as UTF-8 (ISO_IR 192)', async () => {
    for (const [declared, expected, bytes] of [
      ['ISO_IR 100', 'ISO_IR 100', 'latin1'],
      [undefined, 'ISO_IR 192', 'utf8'],
    ] as const) {
      const src = await syntheticSource(2, 24, 32);
      if (declared === undefined) src.headers[0].delete(SegTag.SpecificCharacterSet);
      const labels = labelsFor([1]).map((l) => ({ ...l, name: 'Lésion hépatique' }));
      const seg = encodeSeg({
        geometry: src.geometry,
        labelMap: new Uint8Array(2 * 768).fill(1, 0, 40),
        labels,
        sourceHeaders: src.headers,
        algorithm: ALGORITHM,
      });
      expect(seg.dataset.string(SegTag.SpecificCharacterSet)).toBe(expected);
      expect(
        item(seg.dataset, SegTag.SegmentSequence)
          .get(SegTag.SegmentLabel)!
          .value!.subarray(0, 16)
          .equals(Buffer.from('Lésion hépatique', bytes).subarray(0, 16)),
      ).toBe(true);
      if (bytes === 'utf8') expect(decodeSeg(seg.part10).segments[0].label).toBe('Lésion hépatique');
    }
  });
});

import { encodeSeg } from '../src/encode';
import { SopClass } from '../src/tags';
import { ellipsoids, expectedMasks, labelsFor, syntheticSource } from '../src/testing/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
const dcmjs = require('dcmjs') as any;

/** What a dcmjs-based viewer (OHIF, Slicer's web tools) sees: a naturalized dataset. */
function readWithDcmjs(part10: Buffer): any {
  const ab = part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.length);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(ab).dict);
}
const list = (v: any): any[] => (Array.isArray(v) ? v : [v]);

describe('dcmjs reads our SEG back', () => {
  it('sees the BINARY frames, their segments and positions, and the same bits (odd 5×3 frames)', async () => {
    const src = await syntheticSource(5, 3, 5);
    const labelMap = Uint8Array.from({ length: 75 }, (_, n) => [0, 1, 2, 2, 1, 0, 0][(n * 5) % 7]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2]),
      sourceHeaders: src.headers,
      algorithm: { name: 'm', version: '1' },
    });
    const nat = readWithDcmjs(seg.part10);
    expect([nat.SOPClassUID, nat.Modality, nat.SegmentationType, Number(nat.NumberOfFrames)]).toEqual([
      SopClass.Segmentation,
      'SEG',
      'BINARY',
      seg.frames.length,
    ]);
    expect(list(nat.SegmentSequence).map((s) => s.SegmentLabel)).toEqual(labelsFor([1, 2]).map((l) => l.name));
    const unpacked: Uint8Array = dcmjs.data.BitArray.unpack(nat.PixelData[0]);
    const expected = expectedMasks(labelMap, src.geometry.dims, [1, 2]);
    list(nat.PerFrameFunctionalGroupsSequence).forEach((pf, n) => {
      expect(list(pf.SegmentIdentificationSequence)[0].ReferencedSegmentNumber).toBe(expected[n].value);
      const ipp = list(pf.PlanePositionSequence)[0].ImagePositionPatient.map(Number);
      ipp.forEach((v: number, a: number) => expect(v).toBeCloseTo(seg.frames[n].imagePositionPatient[a], 6));
      const frame = Array.from(unpacked.subarray(n * 15, (n + 1) * 15), (v) => (v ? 1 : 0));
      expect(frame).toEqual(Array.from(expected[n].mask));
    });
  });

  it('gets the manifest colour back through dcmjs’s CIELab conversion', async () => {
    const src = await syntheticSource(2, 24, 32);
    const labels = labelsFor([1, 2, 3]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap: new Uint8Array(2 * 768),
      labels,
      sourceHeaders: src.headers,
      algorithm: { name: 'm', version: '1' },
    });
    list(readWithDcmjs(seg.part10).SegmentSequence).forEach((s, i) => {
      const rgb: number[] = dcmjs.data.Colors.dicomlab2RGB(s.RecommendedDisplayCIELabValue);
      rgb.forEach((c, k) => expect(Math.abs(c * 255 - labels[i].recommendedDisplayRGB[k])).toBeLessThan(1));
    });
  });

  it('sees LABELMAP frames as the label map’s own bytes', async () => {
    const src = await syntheticSource(6, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 4, centre: [10, 10, 2], radii: [5, 5, 2] },
      { label: 9, centre: [20, 14, 3], radii: [6, 4, 2] },
    ]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([4, 9]),
      sourceHeaders: src.headers,
      algorithm: { name: 'm', version: '1' },
      options: { segmentationType: 'LABELMAP' },
    });
    const nat = readWithDcmjs(seg.part10);
    expect([nat.SOPClassUID, Number(nat.BitsAllocated), Number(nat.NumberOfFrames)]).toEqual([
      SopClass.LabelMapSegmentation,
      8,
      seg.frames.length,
    ]);
    const bytes = new Uint8Array(nat.PixelData[0]);
    seg.frames.forEach((f, n) => {
      expect(
        Buffer.from(bytes.subarray(n * 768, (n + 1) * 768)).equals(
          Buffer.from(labelMap.subarray(f.slice * 768, (f.slice + 1) * 768)),
        ),
      ).toBe(true);
    });
  });
});

import { parsePart10 } from '@delineo/dicom';
import { bitAt } from './bits';
import { decodeSeg } from './decode';
import { encodeSeg } from './encode';
import { SegTag, SopClass } from './tags';
import { ellipsoids, expectedMasks, labelsFor, syntheticSource } from './testing/fixtures';

const ALGORITHM = { name: 'test-model', version: '2.1.0' };

describe('encodeSeg → decodeSeg (BINARY, PS3.3 §A.51)', () => {
  it('round-trips a multi-segment label map exactly, with and without the reference grid', async () => {
    const src = await syntheticSource(10, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 1, centre: [10, 12, 4], radii: [6, 5, 3] },
      { label: 2, centre: [22, 10, 5], radii: [5, 6, 4] },
      { label: 3, centre: [16, 16, 7], radii: [8, 3, 2] },
      { label: 4, centre: [16, 12, 1], radii: [2, 2, 1] },
    ]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2, 3, 4]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    const withRef = decodeSeg(seg.part10, { reference: src.geometry });
    expect(Buffer.from(withRef.labelMap).equals(Buffer.from(labelMap))).toBe(true);
    const derived = decodeSeg(seg.part10);
    const first = Math.min(...seg.frames.map((f) => f.slice));
    const last = Math.max(...seg.frames.map((f) => f.slice));
    const pixels = 24 * 32;
    expect(derived.grid.dims).toEqual([32, 24, last - first + 1]);
    expect(
      Buffer.from(derived.labelMap).equals(Buffer.from(labelMap.subarray(first * pixels, (last + 1) * pixels))),
    ).toBe(true);
    expect(withRef.overlapVoxels).toBe(0);
  });

  it('writes exactly one frame per non-empty (segment, slice) pair, segment-major, each referencing its source', async () => {
    const src = await syntheticSource(8, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 1, centre: [8, 8, 2], radii: [4, 4, 1.5] },
      { label: 2, centre: [24, 16, 5], radii: [5, 5, 2] },
    ]);
    const expected = expectedMasks(labelMap, src.geometry.dims, [1, 2]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    expect(seg.frames.length).toBe(expected.length);
    expect(seg.frames.length).toBeLessThan(2 * 8);
    expect(seg.frames.map((f) => [f.segmentNumber, f.slice])).toEqual(expected.map((e) => [e.value, e.slice]));
    const ds = parsePart10(seg.part10).dataset;
    expect(ds.number(SegTag.NumberOfFrames)).toBe(expected.length);
    const perFrame = ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items!;
    perFrame.forEach((item, n) => {
      const e = expected[n];
      const ref = item.get(SegTag.DerivationImageSequence)!.items![0].get(SegTag.SourceImageSequence)!.items![0];
      expect(ref.string(SegTag.ReferencedSOPInstanceUID)).toBe(src.geometry.sources[e.slice].sopInstanceUid);
      expect(item.get(SegTag.SegmentIdentificationSequence)!.items![0].number(SegTag.ReferencedSegmentNumber)).toBe(
        e.value,
      );
      expect(item.get(SegTag.FrameContentSequence)!.items![0].numbers(SegTag.DimensionIndexValues)).toEqual([
        e.value,
        e.slice + 1,
      ]);
    });
  });
});

describe('BINARY bit packing with odd frame sizes (PS3.5 §8.1.1, PS3.3 §C.8.20.2.1)', () => {
  it('packs 5×3 frames back to back across byte boundaries and pads only the whole Pixel Data', async () => {
    const src = await syntheticSource(4, 3, 5);
    // Pseudo-random pattern of labels 1 and 2 on a 5 columns × 3 rows × 4 slices grid.
    const labelMap = Uint8Array.from({ length: 60 }, (_, n) => [0, 1, 2, 0, 1, 1, 0, 2, 2][(n * 7) % 9]);
    labelMap.fill(0, 15, 30); // slice 1 empty: no frames for it
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    const expected = expectedMasks(labelMap, src.geometry.dims, [1, 2]);
    expect(seg.frames.length).toBe(expected.length);
    expect(expected.length).toBe(6);
    const pixelData = parsePart10(seg.part10).dataset.get(SegTag.PixelData)!;
    expect(pixelData.vr).toBe('OB');
    expect(pixelData.value!.length).toBe(12); // 6 × 15 = 90 bits → 12 bytes (already even)
    expected.forEach((e, n) => {
      const bits = Array.from({ length: 15 }, (_, i) => bitAt(pixelData.value!, 15, n, i));
      expect(bits).toEqual(Array.from(e.mask));
    });
    // Frame 1 (0-based) starts at bit 15: the last bit of byte 1.
    expect((pixelData.value![1] >> 7) & 1).toBe(expected[1].mask[0]);
    expect(Buffer.from(decodeSeg(seg.part10, { reference: src.geometry }).labelMap).equals(Buffer.from(labelMap))).toBe(
      true,
    );
  });

  it('pads an odd number of packed bytes with one zero byte', async () => {
    const src = await syntheticSource(9, 3, 5);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap: new Uint8Array(135).fill(1),
      labels: labelsFor([1]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    const value = parsePart10(seg.part10).dataset.get(SegTag.PixelData)!.value!;
    // 9 frames × 15 bits = 135 bits → 17 bytes, the last holding 7 bits, then one padding byte.
    expect(value.length).toBe(18);
    expect([...value.subarray(15)]).toEqual([0xff, 0x7f, 0x00]);
  });
});

describe('LABELMAP (Supplement 243, Label Map Segmentation Storage)', () => {
  it('round-trips label values as Segment Numbers with 8-bit frames for the non-empty slices only', async () => {
    const src = await syntheticSource(9, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 7, centre: [10, 12, 3], radii: [6, 5, 2] },
      { label: 2, centre: [20, 12, 4], radii: [6, 8, 2] },
    ]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([2, 7]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
      options: { segmentationType: 'LABELMAP' },
    });
    const ds = parsePart10(seg.part10).dataset;
    expect(ds.string(SegTag.SOPClassUID)).toBe(SopClass.LabelMapSegmentation);
    expect(ds.string(SegTag.SegmentationType)).toBe('LABELMAP');
    expect(ds.number(SegTag.BitsAllocated)).toBe(8);
    expect(ds.number(SegTag.PixelPaddingValue)).toBe(0);
    expect(ds.get(SegTag.SegmentSequence)!.items!.map((s) => s.number(SegTag.SegmentNumber))).toEqual([0, 2, 7]);
    const nonEmpty = [...Array(9).keys()].filter((k) => labelMap.subarray(k * 768, (k + 1) * 768).some((v) => v !== 0));
    expect(seg.frames.map((f) => f.slice)).toEqual(nonEmpty);
    expect(seg.frames.every((f) => f.segmentNumber === undefined)).toBe(true);
    const perFrame = ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items!;
    expect(perFrame.every((f) => !f.has(SegTag.SegmentIdentificationSequence))).toBe(true);
    const decoded = decodeSeg(seg.part10, { reference: src.geometry });
    expect(decoded.segmentationType).toBe('LABELMAP');
    expect(Buffer.from(decoded.labelMap).equals(Buffer.from(labelMap))).toBe(true);
    expect([...seg.segmentNumbers]).toEqual([
      [2, 2],
      [7, 7],
    ]);
  });
});

describe('segment numbering and empty results', () => {
  it('numbers BINARY segments 1…n in label order and reports the mapping', async () => {
    const src = await syntheticSource(4, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 9, centre: [8, 8, 1], radii: [4, 4, 1] },
      { label: 3, centre: [24, 16, 2], radii: [4, 4, 1] },
    ]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([9, 3]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    expect([...seg.segmentNumbers]).toEqual([
      [3, 1],
      [9, 2],
    ]);
    const decoded = decodeSeg(seg.part10, { reference: src.geometry });
    expect(decoded.segments.map((s) => [s.number, s.label])).toEqual([
      [1, 'Lung 3'],
      [2, 'Liver 9'],
    ]);
    const renumbered = labelMap.map((v) => (v === 0 ? 0 : seg.segmentNumbers.get(v)!));
    expect(Buffer.from(decoded.labelMap).equals(Buffer.from(renumbered))).toBe(true);
  });

  it('keeps one empty frame when nothing was segmented, which decodes to an empty label map', async () => {
    const src = await syntheticSource(3, 24, 32);
    for (const segmentationType of ['BINARY', 'LABELMAP'] as const) {
      const seg = encodeSeg({
        geometry: src.geometry,
        labelMap: new Uint8Array(3 * 768),
        labels: labelsFor([1, 2]),
        sourceHeaders: src.headers,
        algorithm: ALGORITHM,
        options: { segmentationType },
      });
      expect(seg.frames).toHaveLength(1);
      const decoded = decodeSeg(seg.part10, { reference: src.geometry });
      expect(decoded.labelMap.every((v) => v === 0)).toBe(true);
      expect(decoded.segments.length).toBe(segmentationType === 'BINARY' ? 2 : 3);
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { Dataset, parsePart10, TransferSyntax, writePart10 } from '@delineo/dicom';
import { syntheticSeries } from '@delineo/volume';
import { bitAt } from './bits';
import { decodeSeg } from './decode';
import { encodeSeg } from './encode';
import { SegTag } from './tags';
import { ellipsoids, labelsFor, loadSeries, sharedFile, syntheticSource } from './testing/fixtures';

const ALGORITHM = { name: 'test-model', version: '1' };
const count = (a: ArrayLike<number>, keep: (v: number) => boolean): number =>
  Array.prototype.filter.call(a, keep).length;

/** Oracle for BINARY decoding, bit by bit: highest Segment Number wins. */
function oracle(seg: Buffer, slices: number[], voxels: number): Uint8Array {
  const ds = parsePart10(seg).dataset;
  const pixels = ds.number(SegTag.Rows)! * ds.number(SegTag.Columns)!;
  const raw = ds.get(SegTag.PixelData)!.value!;
  const out = new Uint8Array(voxels);
  ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items!.forEach((pf, n) => {
    const s = pf.get(SegTag.SegmentIdentificationSequence)!.items![0].number(SegTag.ReferencedSegmentNumber)!;
    for (let i = 0; i < pixels; i++)
      if (bitAt(raw, pixels, n, i)) out[slices[n] * pixels + i] = Math.max(out[slices[n] * pixels + i], s);
  });
  return out;
}

describe('decodeSeg overlap rule', () => {
  it('gives a voxel claimed by two BINARY segments to the higher Segment Number and counts it', async () => {
    const src = await syntheticSource(3, 24, 32);
    const labelMap = ellipsoids(src.geometry.dims, [
      { label: 1, centre: [10, 12, 1], radii: [8, 8, 1] },
      { label: 2, centre: [14, 12, 1], radii: [4, 4, 1] },
    ]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    // Let segment 1 also claim every voxel of segment 2 on slice 1 (segments overlapping, as in other writers' SEGs).
    const ds = parsePart10(seg.part10).dataset;
    const raw = Buffer.from(ds.get(SegTag.PixelData)!.value!);
    const n1 = seg.frames.findIndex((f) => f.segmentNumber === 1 && f.slice === 1);
    let claimedTwice = 0;
    for (let i = 0; i < 768; i++) {
      if (labelMap[768 + i] !== 2) continue;
      const bit = n1 * 768 + i;
      raw[bit >> 3] |= 1 << (bit & 7);
      claimedTwice++;
    }
    ds.set({ tag: SegTag.PixelData, vr: 'OB', value: raw });
    ds.setString(SegTag.SegmentsOverlap, 'CS', 'YES');
    const decoded = decodeSeg(writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian }), {
      reference: src.geometry,
    });
    expect(claimedTwice).toBeGreaterThan(0);
    expect(decoded.overlapVoxels).toBe(claimedTwice);
    expect(Buffer.from(decoded.labelMap).equals(Buffer.from(labelMap))).toBe(true);
  });
});

describe('decodeSeg grid derivation', () => {
  it('rebuilds an oblique grid from the SEG alone and round-trips the label map', async () => {
    const iop = [0.8660254, 0.5, 0, 0, 0, -1];
    const headers = syntheticSeries({ columns: 20, rows: 16, slices: 7, orientation: iop, sliceStep: 2 }).map((d) => {
      d.setString(SegTag.StudyInstanceUID, 'UI', '2.25.5');
      d.setString(SegTag.SeriesInstanceUID, 'UI', '2.25.6');
      d.setString(SegTag.FrameOfReferenceUID, 'UI', '2.25.7');
      return d;
    });
    const src = await loadSeries(
      headers.map((d) => writePart10(d, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian })),
    );
    const labelMap = Uint8Array.from({ length: 20 * 16 * 7 }, (_, n) => [0, 1, 2, 2, 0][(n * 13) % 5]);
    const seg = encodeSeg({
      geometry: src.geometry,
      labelMap,
      labels: labelsFor([1, 2]),
      sourceHeaders: src.headers,
      algorithm: ALGORITHM,
    });
    const decoded = decodeSeg(seg.part10);
    expect(decoded.grid.dims).toEqual(src.geometry.dims);
    decoded.grid.direction.forEach((v, i) => expect(v).toBeCloseTo(src.geometry.direction[i], 6));
    decoded.grid.origin.forEach((v, i) => expect(v).toBeCloseTo(src.geometry.origin[i], 6));
    decoded.grid.spacing.forEach((v, i) => expect(v).toBeCloseTo(src.geometry.spacing[i], 6));
    expect(Buffer.from(decoded.labelMap).equals(Buffer.from(labelMap))).toBe(true);
  });
});

describe('decodeSeg on SEGs written by other tools (../shared/data)', () => {
  const ct3 = async () => {
    const dir = sharedFile('dcmqi', 'segmentations', 'ct-3slice');
    return loadSeries(
      readdirSync(dir)
        .sort()
        .map((f) => readFileSync(`${dir}/${f}`)),
    );
  };

  it('reads dcmqi’s liver SEG onto its CT source grid', async () => {
    const src = await ct3();
    const buf = readFileSync(sharedFile('dcmqi', 'segmentations', 'liver.dcm'));
    const decoded = decodeSeg(buf, { reference: src.geometry });
    expect(decoded.segments.map((s) => [s.number, s.label, s.type.CodeMeaning, s.algorithmType])).toEqual([
      [1, 'Liver', 'Liver', 'SEMIAUTOMATIC'],
    ]);
    decoded.segments[0].rgb!.forEach((c, i) => expect(Math.abs(c - [221, 130, 101][i])).toBeLessThanOrEqual(1));
    expect(decoded.frames.map((f) => f.slice).sort()).toEqual([0, 1, 2]);
    expect(
      decoded.frames.every((f) => f.sourceImages[0].sopInstanceUid === src.geometry.sources[f.slice].sopInstanceUid),
    ).toBe(true);
    expect(
      Buffer.from(decoded.labelMap).equals(
        Buffer.from(
          oracle(
            buf,
            decoded.frames.map((f) => f.slice),
            3 * 512 * 512,
          ),
        ),
      ),
    ).toBe(true);
    expect(count(decoded.labelMap, (v) => v !== 0)).toBe(36233 + 35645 + 35220);
  });

  it('reads dcmqi’s partially overlapping segments with the highest-number rule', async () => {
    const src = await ct3();
    const buf = readFileSync(sharedFile('dcmqi', 'segmentations', 'partial_overlaps.dcm'));
    const decoded = decodeSeg(buf, { reference: src.geometry });
    expect(decoded.segments.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
    expect(decoded.frames).toHaveLength(7);
    expect(
      Buffer.from(decoded.labelMap).equals(
        Buffer.from(
          oracle(
            buf,
            decoded.frames.map((f) => f.slice),
            3 * 512 * 512,
          ),
        ),
      ),
    ).toBe(true);
    expect(decoded.overlapVoxels).toBeGreaterThan(0);
  });

  it('reads highdicom’s implicit-VR overlapping SEG without a reference', () => {
    const decoded = decodeSeg(readFileSync(sharedFile('highdicom', 'seg_image_ct_binary_overlap.dcm')));
    expect(decoded.grid.dims.slice(0, 2)).toEqual([16, 16]);
    expect(new Set(decoded.frames.map((f) => f.slice)).size).toBe(4);
    expect(decoded.overlapVoxels).toBe(16);
    expect(count(decoded.labelMap, (v) => v === 2)).toBe(16);
  });

  it('reads dcmqi’s LABELMAP (Label Map Segmentation Storage) with its background segment 0', () => {
    const ds: Dataset = parsePart10(
      readFileSync(sharedFile('dcmqi', 'segmentations', 'sparse-labelmap-noppv.dcm')),
    ).dataset;
    const decoded = decodeSeg(ds);
    expect(decoded.segmentationType).toBe('LABELMAP');
    expect(decoded.segments.map((s) => [s.number, s.label])).toEqual([
      [0, 'Background'],
      [1, 'Liver'],
    ]);
    expect(count(decoded.labelMap, (v) => v === 1)).toBe(630);
  });
});

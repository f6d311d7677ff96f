import { rmSync } from 'node:fs';
import { expectedMasks } from '../src/testing/fixtures';
import { describeWithTools } from '../src/testing/tools';
import {
  asSegmentationStorage,
  Case,
  CaseName,
  CASES,
  interopCases,
  readWithPydicom,
  run,
  Written,
  writeCase,
} from './interop.fixtures';

const errors = (lines: string[]): string[] => lines.filter((l) => /error/i.test(l));

/** Label Map rules that dicom3tools 2022 predates (Supplement 243, 2024): its only complaints. */
const PRE_SUP243 = [
  /Information Object Not found/,
  /SegmentNumber not monotonically increasing from one by one .* SegmentNumber of 0/,
  /Unrecognized enumerated value <LABELMAP> for value 1 of attribute <Segmentation Type>/,
  /Value is zero for value 1 of attribute <Segment Number>/,
  /Missing attribute Type 1 Required Element=<SegmentIdentificationSequence> Module=<SegmentationMacro>/,
];

let cases = new Map<CaseName, Case>();
const written: Written[] = [];
const write = (c: Case, type: 'BINARY' | 'LABELMAP'): Written => {
  const w = writeCase(c, type);
  written.push(w);
  return w;
};

beforeAll(async () => {
  cases = await interopCases();
});
afterAll(() => written.forEach((w) => rmSync(w.dir, { recursive: true, force: true })));

describeWithTools('dciodvfy and dcentvfy (dicom3tools) accept our SEG', ['dciodvfy', 'dcentvfy'], () => {
  it.each(CASES)('BINARY SEG of %s: no IOD error, consistent with its source series', (name) => {
    const w = write(cases.get(name)!, 'BINARY');
    const iod = run('dciodvfy', [w.seg]);
    expect(iod).toContain('Segmentation');
    expect(errors(iod)).toEqual([]);
    expect(errors(run('dcentvfy', [w.seg, ...w.sources]))).toEqual([]);
  });

  it('an empty result (one empty frame) is still a valid SEG', () => {
    const c = cases.get(CASES[0])!;
    const w = write({ ...c, labelMap: new Uint8Array(c.labelMap.length) }, 'BINARY');
    expect(w.frames).toHaveLength(1);
    const iod = run('dciodvfy', [w.seg]);
    expect(iod).toContain('Segmentation');
    expect(errors(iod)).toEqual([]);
  });

  it.each([CASES[0], CASES[2]])(
    'LABELMAP SEG of %s: only the Supplement 243 rules this dciodvfy predates are flagged',
    (name) => {
      const w = write(cases.get(name)!, 'LABELMAP');
      const asIs = errors(run('dciodvfy', [w.seg]));
      expect(asIs.some((l) => /Information Object Not found/.test(l))).toBe(true);
      // Checked again as the Segmentation IOD (same IOD, Sup 243 adds only the SOP Class): the
      // module checks now run and must find nothing beyond the Label Map relaxations.
      const full = run('dciodvfy', [asSegmentationStorage(w.seg)]);
      expect(full).toContain('Segmentation');
      expect(errors(full).filter((l) => !PRE_SUP243.some((re) => re.test(l)))).toEqual([]);
      expect(asIs.filter((l) => !PRE_SUP243.some((re) => re.test(l)))).toEqual([]);
      expect(errors(run('dcentvfy', [w.seg, ...w.sources]))).toEqual([]);
    },
  );
});

describeWithTools('pydicom reads our SEG and its pixel_array matches', ['pydicom'], () => {
  it.each(CASES)('BINARY SEG of %s', (name) => {
    const c = cases.get(name)!;
    const w = write(c, 'BINARY');
    const { pixels, info } = readWithPydicom(w.seg);
    const expected = expectedMasks(c.labelMap, c.src.geometry.dims, c.values);
    const [nx, ny] = c.src.geometry.dims;
    expect(info.shape).toEqual([expected.length, ny, nx]);
    expect(info.frameSegments).toEqual(expected.map((e) => e.value));
    expect(pixels.equals(Buffer.concat(expected.map((e) => Buffer.from(e.mask))))).toBe(true);
    // Frames of a multi-frame source are referenced by number (PS3.3 §10.3), others not at all.
    const multiFrame =
      new Set(c.src.geometry.sources.map((s) => s.sopInstanceUid)).size < c.src.geometry.sources.length;
    expect(info.refFrames).toEqual(expected.map((e) => (multiFrame ? c.src.geometry.sources[e.slice].frameNumber : 0)));
  });

  it.each([CASES[0], CASES[2]])('LABELMAP SEG of %s', (name) => {
    const c = cases.get(name)!;
    const w = write(c, 'LABELMAP');
    const { pixels, info } = readWithPydicom(w.seg);
    const pixelsPerSlice = c.src.geometry.dims[0] * c.src.geometry.dims[1];
    expect([info.type, info.segments[0]]).toEqual(['LABELMAP', [0, 'Background']]);
    const slices = w.frames.map((f) =>
      Buffer.from(c.labelMap.subarray(f.slice * pixelsPerSlice, (f.slice + 1) * pixelsPerSlice)),
    );
    expect(pixels.equals(Buffer.concat(slices))).toBe(true);
  });
});

import { Dataset, parsePart10, TransferSyntax, writePart10 } from '@delineo/dicom';
import { decodeSeg } from './decode';
import { encodeSeg } from './encode';
import { SegError, SegErrorCode } from './errors';
import { SegTag } from './tags';
import { labelsFor, SourceSeries, syntheticSource } from './testing/fixtures';
import type { SegEncodeInput } from './types';

function codeOf(fn: () => unknown): SegErrorCode {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SegError);
    return (e as SegError).code;
  }
  throw new Error('expected a SegError');
}

/** Values that identify the synthetic patient or study; no error message may contain them. */
function identifying(src: SourceSeries): string[] {
  const h = src.headers[0];
  return [0x00100010, 0x00100020, 0x0020000d, 0x0020000e, 0x00200052, 0x00080050]
    .map((t) => h.string(t)!)
    .concat(src.geometry.sources.map((s) => s.sopInstanceUid));
}

describe('SegError codes (encoding)', () => {
  let src: SourceSeries;
  beforeAll(async () => {
    src = await syntheticSource(3, 24, 32);
  });
  const base = (): SegEncodeInput => ({
    geometry: src.geometry,
    labelMap: new Uint8Array(3 * 768).fill(1, 0, 50),
    labels: labelsFor([1, 2]),
    sourceHeaders: src.headers,
    algorithm: { name: 'm', version: '1' },
  });
  const clone = (ds: Dataset, drop: number[], set: [number, string][] = []): Dataset => {
    const out = new Dataset();
    for (const t of ds.tags()) if (!drop.includes(t)) out.set(ds.get(t)!);
    for (const [t, v] of set) out.setString(t, 'UI', v);
    return out;
  };
  const cases: [string, SegErrorCode, (i: SegEncodeInput) => SegEncodeInput][] = [
    ['a label map of the wrong size', 'seg/invalid-label-map', (i) => ({ ...i, labelMap: new Uint8Array(10) })],
    [
      'a label value with no definition',
      'seg/unknown-label',
      (i) => ({ ...i, labelMap: i.labelMap.map((v, n) => (n === 5 ? 3 : v)) }),
    ],
    ['two definitions of one value', 'seg/invalid-labels', (i) => ({ ...i, labels: labelsFor([1, 1]) })],
    ['a label value of 0', 'seg/invalid-labels', (i) => ({ ...i, labels: labelsFor([0, 1]) })],
    ['no label definitions', 'seg/invalid-labels', (i) => ({ ...i, labels: [] })],
    [
      'a code without meaning',
      'seg/invalid-labels',
      (i) => ({ ...i, labels: labelsFor([1]).map((l) => ({ ...l, type: { ...l.type, CodeMeaning: '' } })) }),
    ],
    ['a zero spacing', 'seg/invalid-geometry', (i) => ({ ...i, geometry: { ...i.geometry, spacing: [0, 1, 1] } })],
    [
      'fewer slice sources than slices',
      'seg/missing-sources',
      (i) => ({ ...i, geometry: { ...i.geometry, sources: i.geometry.sources.slice(1) } }),
    ],
    ['no source header', 'seg/missing-sources', (i) => ({ ...i, sourceHeaders: [] })],
    [
      'a header without Frame of Reference',
      'seg/missing-source-attribute',
      (i) => ({ ...i, sourceHeaders: [clone(i.sourceHeaders[0], [SegTag.FrameOfReferenceUID])] }),
    ],
    [
      'headers from two studies',
      'seg/inconsistent-sources',
      (i) => ({
        ...i,
        sourceHeaders: [i.sourceHeaders[0], clone(i.sourceHeaders[1], [], [[SegTag.StudyInstanceUID, '2.25.99']])],
      }),
    ],
    ['an invalid caller UID', 'seg/invalid-options', (i) => ({ ...i, options: { sopInstanceUid: '1.02.3' } })],
    ['a lower-case Content Label', 'seg/invalid-options', (i) => ({ ...i, options: { contentLabel: 'organs' } })],
    [
      'text the source character set cannot hold',
      'seg/unsupported-character-set',
      (i) => ({ ...i, labels: labelsFor([1, 2]).map((l) => ({ ...l, name: '肝臓' })) }),
    ],
  ];
  it.each(cases)('refuses %s with %s, naming no dataset value', (_, code, edit) => {
    const input = edit(base());
    expect(codeOf(() => encodeSeg(input))).toBe(code);
    try {
      encodeSeg(input);
    } catch (e) {
      for (const v of identifying(src)) expect((e as Error).message).not.toContain(v);
    }
  });
});

describe('SegError codes (decoding)', () => {
  let src: SourceSeries;
  let seg: Buffer;
  beforeAll(async () => {
    src = await syntheticSource(3, 24, 32);
    seg = encodeSeg({
      geometry: src.geometry,
      labelMap: new Uint8Array(3 * 768).fill(1, 100, 200),
      labels: labelsFor([1]),
      sourceHeaders: src.headers,
      algorithm: { name: 'm', version: '1' },
    }).part10;
  });
  const edited = (edit: (ds: Dataset) => void): Buffer => {
    const ds = parsePart10(seg).dataset;
    edit(ds);
    return writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
  };

  it('refuses an instance that is not a Segmentation', () => {
    expect(codeOf(() => decodeSeg(src.files[0]))).toBe('seg/not-segmentation');
  });
  it('refuses an unknown Segmentation Type', () => {
    expect(codeOf(() => decodeSeg(edited((ds) => ds.setString(SegTag.SegmentationType, 'CS', 'HEIGHTMAP'))))).toBe(
      'seg/unsupported-segmentation-type',
    );
  });
  it('refuses encapsulated (compressed) pixel data', () => {
    expect(
      codeOf(() =>
        decodeSeg(
          edited((ds) => ds.set({ tag: SegTag.PixelData, vr: 'OB', fragments: [Buffer.alloc(0), Buffer.alloc(2)] })),
        ),
      ),
    ).toBe('seg/unsupported-transfer-syntax');
  });
  it('refuses pixel data shorter than its frames', () => {
    expect(
      codeOf(() => decodeSeg(edited((ds) => ds.set({ tag: SegTag.PixelData, vr: 'OB', value: Buffer.alloc(2) })))),
    ).toBe('seg/malformed');
  });
  it('refuses a frame without Referenced Segment Number', () => {
    expect(
      codeOf(() =>
        decodeSeg(
          edited((ds) =>
            ds.get(SegTag.PerFrameFunctionalGroupsSequence)!.items![0].delete(SegTag.SegmentIdentificationSequence),
          ),
        ),
      ),
    ).toBe('seg/malformed');
  });
  it('refuses a reference grid of another matrix or a frame off the grid', () => {
    expect(codeOf(() => decodeSeg(seg, { reference: { ...src.geometry, dims: [16, 24, 3] } }))).toBe(
      'seg/geometry-mismatch',
    );
    expect(
      codeOf(() =>
        decodeSeg(seg, {
          reference: {
            ...src.geometry,
            origin: [src.geometry.origin[0], src.geometry.origin[1], src.geometry.origin[2] + 0.5],
          },
        }),
      ),
    ).toBe('seg/geometry-mismatch');
  });
  it('refuses a frame whose position and source image name different slices', () => {
    const swapped = { ...src.geometry, sources: [...src.geometry.sources].reverse() };
    expect(codeOf(() => decodeSeg(seg, { reference: swapped }))).toBe('seg/geometry-mismatch');
  });
});

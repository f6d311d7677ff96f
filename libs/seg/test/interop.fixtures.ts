import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeSeg } from '../src/encode';
import { ellipsoids, labelsFor, loadSeries, sharedFile, SourceSeries, syntheticSource } from '../src/testing/fixtures';
import { SYSTEM_PYTHON } from '../src/testing/tools';
import type { SegmentationType } from '../src/types';

export interface Case {
  name: string;
  src: SourceSeries;
  labelMap: Uint8Array;
  values: number[];
}

/** Three intensity bands of the real volume as three segments: a threshold "model". */
function bands(src: SourceSeries, cuts: [number, number, number]): Uint8Array {
  return Uint8Array.from(src.volume.data, (v) => (v >= cuts[2] ? 3 : v >= cuts[1] ? 2 : v >= cuts[0] ? 1 : 0));
}

function relativeBands(src: SourceSeries): Uint8Array {
  let max = 0;
  for (const v of src.volume.data) max = Math.max(max, v);
  return bands(src, [0.15 * max, 0.35 * max, 0.6 * max]);
}

function readDir(...parts: string[]): Buffer[] {
  const dir = sharedFile(...parts);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
}

export const CASES = [
  'synthetic CT',
  'synthetic 5×3 frames',
  'Philips sagittal MPRAGE (170 slices)',
  'GE CT, Implicit VR (dcmqi ct-3slice)',
  'Siemens XA30 Enhanced MR (one 96-frame instance)',
] as const;
export type CaseName = (typeof CASES)[number];

/** Synthetic series (test-data/) and three real ones: classic sagittal MR, CT in Implicit VR, enhanced MR. */
export async function interopCases(): Promise<Map<CaseName, Case>> {
  const synthetic = await syntheticSource(8, 24, 32);
  const odd = await syntheticSource(5, 3, 5);
  const mr = await loadSeries(readDir('dcm_qa_philips_enh', '1301_ADNI_Sag3D_MPRAGE'));
  const ct = await loadSeries(readDir('dcmqi', 'segmentations', 'ct-3slice'));
  const enhanced = await loadSeries(readDir('dcm_qa_xa30', '5_anat-T1w_acq-tfl'));
  const cases: Case[] = [
    {
      name: 'synthetic CT',
      src: synthetic,
      values: [1, 2, 3],
      labelMap: ellipsoids(synthetic.geometry.dims, [
        { label: 1, centre: [10, 10, 3], radii: [7, 6, 3] },
        { label: 2, centre: [22, 14, 4], radii: [6, 6, 2] },
        { label: 3, centre: [16, 12, 6], radii: [3, 3, 1] },
      ]),
    },
    {
      name: 'synthetic 5×3 frames',
      src: odd,
      values: [1, 2],
      labelMap: Uint8Array.from({ length: 75 }, (_, n) => [0, 1, 2, 1, 0, 0][(n * 7) % 6]),
    },
    { name: 'Philips sagittal MPRAGE (170 slices)', src: mr, values: [1, 2, 3], labelMap: relativeBands(mr) },
    {
      name: 'GE CT, Implicit VR (dcmqi ct-3slice)',
      src: ct,
      values: [1, 2, 3],
      labelMap: bands(ct, [-950, -100, 300]),
    },
    {
      name: 'Siemens XA30 Enhanced MR (one 96-frame instance)',
      src: enhanced,
      values: [1, 2, 3],
      labelMap: relativeBands(enhanced),
    },
  ];
  return new Map(cases.map((c) => [c.name as CaseName, c]));
}

/** A copy of a Label Map SEG relabelled as Segmentation Storage (same IOD, PS3.3 §A.51), for older validators. */
export function asSegmentationStorage(file: string): string {
  const bytes = readFileSync(file);
  for (
    let at = bytes.indexOf('1.2.840.10008.5.1.4.1.1.66.7');
    at >= 0;
    at = bytes.indexOf('1.2.840.10008.5.1.4.1.1.66.7', at)
  ) {
    bytes.write('1.2.840.10008.5.1.4.1.1.66.4', at, 'latin1');
  }
  const out = `${file}.as-66.4.dcm`;
  writeFileSync(out, bytes);
  return out;
}

export interface Written {
  dir: string;
  seg: string;
  sources: string[];
  frames: ReturnType<typeof encodeSeg>['frames'];
}

/** Encodes a case and writes the SEG and its source files into a fresh temp folder. */
export function writeCase(c: Case, type: SegmentationType): Written {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-seg-'));
  mkdirSync(path.join(dir, 'src'));
  const result = encodeSeg({
    geometry: c.src.geometry,
    labelMap: c.labelMap,
    labels: labelsFor(c.values),
    sourceHeaders: c.src.headers,
    algorithm: { name: 'threshold-test', version: '0.0.1' },
    options: { segmentationType: type },
  });
  const seg = path.join(dir, 'seg.dcm');
  writeFileSync(seg, result.part10);
  const sources = c.src.files.map((f, i) => {
    const p = path.join(dir, 'src', `${String(i).padStart(4, '0')}.dcm`);
    writeFileSync(p, f);
    return p;
  });
  return { dir, seg, sources, frames: result.frames };
}

/** Runs a tool; returns stdout and stderr lines together (dicom3tools report on stderr). */
export function run(cmd: string, args: string[]): string[] {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120000 });
  if (r.error) throw r.error;
  return `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
}

const PYDICOM_SCRIPT = `
import json, sys
import numpy as np
import pydicom
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array
if a.ndim == 2:
    a = a[np.newaxis]
open(sys.argv[2], 'wb').write(np.ascontiguousarray(a, dtype=np.uint8).tobytes())
segs = [int(pf.SegmentIdentificationSequence[0].ReferencedSegmentNumber) for pf in ds.PerFrameFunctionalGroupsSequence if 'SegmentIdentificationSequence' in pf]
refs = [int(pf.DerivationImageSequence[0].SourceImageSequence[0].get('ReferencedFrameNumber', 0)) for pf in ds.PerFrameFunctionalGroupsSequence]
print(json.dumps({'shape': list(a.shape), 'type': ds.SegmentationType, 'sopClass': ds.SOPClassUID, 'frameSegments': segs, 'refFrames': refs,
  'segments': [[int(s.SegmentNumber), str(s.SegmentLabel)] for s in ds.SegmentSequence]}))
`;

/** pydicom's view of a SEG: its pixel_array bytes (frames × rows × columns) and a few attributes. */
export function readWithPydicom(file: string): {
  pixels: Buffer;
  info: {
    shape: number[];
    type: string;
    sopClass: string;
    frameSegments: number[];
    refFrames: number[];
    segments: [number, string][];
  };
} {
  const out = `${file}.pixels`;
  const r = spawnSync(SYSTEM_PYTHON, ['-c', PYDICOM_SCRIPT, file, out], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    timeout: 120000,
  });
  if (r.status !== 0) throw new Error(`pydicom failed: ${r.stderr}`);
  return { pixels: readFileSync(out), info: JSON.parse(r.stdout) };
}

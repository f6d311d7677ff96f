/**
 * npm run bench:seg — encode a synthetic 512×512×300 label map with 5 ellipsoid "organs" as a BINARY
 * DICOM SEG, next to dcmjs on the same input in this process: its Cornerstone adapter
 * (`adapters.Cornerstone.Segmentation.generateSegmentation`, i.e. `derivations.Segmentation` fed by
 * `normalizers.Normalizer`), the path dcmjs-based viewers take. Target: < 1 s. Prints medians and
 * the ratio; ours is checked to round-trip before it is timed.
 */
import { parsePart10 } from '@delineo/dicom';
import type { LabelDefinition } from '@delineo/models';
import { decodeSeg, encodeSeg, SegEncodeInput } from '@delineo/seg';
import { instanceFrames, sortFrames } from '@delineo/volume';
import { syntheticCtSeries } from '../test-data/synthetic-ct';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
const dcmjs = require('dcmjs') as any;
const [NX, NY, NZ] = [512, 512, 300];
const ROUNDS = 5;

const sct = (CodeValue: string, CodeMeaning: string) => ({ CodeValue, CodingSchemeDesignator: 'SCT', CodeMeaning });
const ORGANS: [string, string, [number, number, number], [number, number, number], [number, number, number]][] = [
  ['Liver', '10200004', [190, 260, 150], [110, 85, 70], [221, 130, 101]],
  ['Spleen', '78961009', [340, 230, 140], [45, 60, 40], [157, 108, 162]],
  ['Kidney', '64033007', [200, 330, 120], [30, 40, 45], [185, 102, 83]],
  ['Stomach', '69695003', [320, 300, 180], [55, 45, 35], [216, 132, 105]],
  ['Lesion', '52988006', [170, 250, 160], [15, 15, 12], [255, 0, 0]],
];
const labels: LabelDefinition[] = ORGANS.map(([name, code, , , rgb], i) => ({
  value: i + 1,
  name,
  category: sct('123037004', 'Anatomical Structure'),
  type: sct(code, name),
  recommendedDisplayRGB: rgb,
  algorithmType: 'AUTOMATIC',
}));

function paint(): Uint8Array {
  const out = new Uint8Array(NX * NY * NZ);
  ORGANS.forEach(([, , [cx, cy, cz], [rx, ry, rz]], i) => {
    for (let k = Math.max(0, cz - rz); k <= Math.min(NZ - 1, cz + rz); k++) {
      for (let j = cy - ry; j <= cy + ry; j++) {
        for (let x = cx - rx; x <= cx + rx; x++) {
          if (((x - cx) / rx) ** 2 + ((j - cy) / ry) ** 2 + ((k - cz) / rz) ** 2 <= 1)
            out[x + NX * (j + NY * k)] = i + 1;
        }
      }
    }
  });
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function time<T>(fn: () => T): [number, T] {
  const t = process.hrtime.bigint();
  const r = fn();
  return [Number(process.hrtime.bigint() - t) / 1e9, r];
}

/**
 * The same label map in the shape dcmjs's Cornerstone adapter takes (Labelmap3D). Its normalizer
 * re-sorts the sources into a multi-frame with the normal pointing the other way, and labelmaps2D[i]
 * must be frame i of that, so the slices go in reverse of our k (checked below by decoding).
 */
function dcmjsInput(files: Buffer[], labelMap: Uint8Array): { images: any[]; labelmap3D: any } {
  const images = files.map((f, i) => ({ imageId: `bench:${i}`, data: { byteArray: new Uint8Array(f) } }));
  const labelmaps2D = Array.from({ length: NZ }, (_, i) => {
    const k = NZ - 1 - i;
    const pixelData = labelMap.subarray(k * NX * NY, (k + 1) * NX * NY);
    const present = labels.map((l) => l.value).filter((v) => pixelData.includes(v));
    return present.length ? { pixelData, segmentsOnLabelmap: present } : undefined;
  });
  const metadata = [
    undefined,
    ...labels.map((l) => ({
      SegmentNumber: String(l.value),
      SegmentLabel: l.name,
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: 'bench 1',
      SegmentedPropertyCategoryCodeSequence: l.category,
      SegmentedPropertyTypeCodeSequence: l.type,
      RecommendedDisplayCIELabValue: dcmjs.data.Colors.rgb2DICOMLAB(l.recommendedDisplayRGB.map((c) => c / 255)).map(
        Math.round,
      ),
    })),
  ];
  return { images, labelmap3D: { labelmaps2D, metadata } };
}

async function main(): Promise<void> {
  const [prep, files] = time(() => syntheticCtSeries({ count: NZ, rows: NY, cols: NX }));
  const parsed = files.map((f) => parsePart10(f));
  const { grid, frames } = sortFrames(parsed.flatMap((p) => instanceFrames(p)));
  const geometry = {
    ...grid,
    sources: frames.map((f) => ({ sopInstanceUid: f.sopInstanceUid, frameNumber: f.frameNumber })),
  };
  const labelMap = paint();
  const input: SegEncodeInput = {
    geometry,
    labelMap,
    labels,
    sourceHeaders: parsed.map((p) => p.dataset),
    algorithm: { name: 'bench-organs', version: '1.0.0' },
  };
  console.log(
    `bench:seg  ${NX}x${NY}x${NZ} label map, ${labels.length} ellipsoid segments (sources generated in ${prep.toFixed(1)} s)`,
  );

  const check = encodeSeg(input);
  const back = decodeSeg(check.part10, { reference: geometry });
  if (!Buffer.from(back.labelMap).equals(Buffer.from(labelMap))) throw new Error('round trip differs');
  const ours = Array.from({ length: ROUNDS }, () => time(() => encodeSeg(input))[0]);
  const oursLm = Array.from(
    { length: ROUNDS },
    () => time(() => encodeSeg({ ...input, options: { segmentationType: 'LABELMAP' } }))[0],
  );
  const decode = Array.from({ length: ROUNDS }, () => time(() => decodeSeg(check.part10, { reference: geometry }))[0]);
  const o = median(ours);
  console.log(
    `  ours   BINARY encodeSeg            ${o.toFixed(3)} s   (${check.frames.length} frames, ${(check.part10.length / 1e6).toFixed(1)} MB, round trip exact)`,
  );
  console.log(`  ours   LABELMAP encodeSeg          ${median(oursLm).toFixed(3)} s`);
  console.log(`  ours   BINARY decodeSeg            ${median(decode).toFixed(3)} s`);

  dcmjs.log.setLevel('error');
  const { images, labelmap3D } = dcmjsInput(files, labelMap);
  const generate = (): any =>
    dcmjs.adapters.Cornerstone.Segmentation.generateSegmentation(images, labelmap3D, { rleEncode: false });
  const [first, blob] = time(generate);
  const runs = first < 20 ? [first, ...Array.from({ length: 2 }, () => time(generate)[0])] : [first];
  const [parse] = time(() => images.map((im) => dcmjs.data.DicomMessage.readFile(im.data.byteArray.buffer)));
  const d = median(runs);
  const theirs = decodeSeg(Buffer.from(await blob.arrayBuffer()), { reference: geometry });
  const same = Buffer.from(theirs.labelMap).equals(Buffer.from(labelMap))
    ? 'decodes to the same label map'
    : 'DIFFERS from the input';
  console.log(
    `  dcmjs  generateSegmentation        ${d.toFixed(3)} s   (${(blob.size / 1e6).toFixed(1)} MB; of which reading its 300 sources ≈ ${parse.toFixed(3)} s; ${runs.length} run(s); ${same})`,
  );
  console.log(
    `  ratio  dcmjs/ours                  ${(d / o).toFixed(1)}x   (excluding dcmjs's source reading: ${((d - parse) / o).toFixed(1)}x)`,
  );
  console.log(`  target < 1 s                       ${o < 1 ? 'PASS' : 'MISS'}`);
}

main().catch((err: unknown) => {
  console.error('bench:seg failed:', (err as Error).message);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * A stand-in external segmenter for command-runner tests: a real program reading NIfTI-1 and writing
 * NIfTI-1, like TotalSegmentator's `-i in.nii.gz -o out.nii.gz --ml`.
 * Usage: fake-segmenter.cjs <in.nii.gz> <out.nii.gz> <threshold> [--fail] [--sleep SECONDS]
 * Writes uint8 labels: 1 where value > threshold, 2 where value > 2·threshold, else 0.
 * --fail prints a UID-like value and its temp path on stderr, then exits 3.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { gunzipSync, gzipSync } = require('node:zlib');

const [input, output, thresholdArg, ...flags] = process.argv.slice(2);
if (flags.includes('--fail')) {
  process.stderr.write(`error reading ${input}: study 1.2.840.113619.2.55.3 dated 2023-04-05 "DOE^JANE"\n`);
  process.exit(3);
}
const sleep = flags.includes('--sleep') ? Number(flags[flags.indexOf('--sleep') + 1]) : 0;
setTimeout(run, sleep * 1000);

function run() {
  const raw = readFileSync(input);
  const buf = raw[0] === 0x1f ? gunzipSync(raw) : raw;
  const datatype = buf.readInt16LE(70);
  const offset = Math.round(buf.readFloatLE(108));
  const dims = [1, 2, 3].map((i) => buf.readInt16LE(40 + 2 * i));
  const n = dims[0] * dims[1] * dims[2];
  let slope = buf.readFloatLE(112);
  const inter = buf.readFloatLE(116);
  if (!slope) slope = 1;
  const read = datatype === 4 ? (i) => buf.readInt16LE(offset + 2 * i) : (i) => buf.readFloatLE(offset + 4 * i);
  const t = Number(thresholdArg);
  const header = Buffer.from(buf.subarray(0, offset));
  header.writeInt16LE(2, 70); // DT_UINT8
  header.writeInt16LE(8, 72); // bitpix
  header.writeFloatLE(1, 112); // scl_slope
  header.writeFloatLE(0, 116); // scl_inter
  const labels = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const v = read(i) * slope + inter;
    labels[i] = v > 2 * t ? 2 : v > t ? 1 : 0;
  }
  writeFileSync(output, gzipSync(Buffer.concat([header, labels])));
}

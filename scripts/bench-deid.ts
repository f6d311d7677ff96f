/**
 * `npm run bench:deid`: single-threaded throughput of de-identification against an in-process
 * reference (parse + write of the same files). Target: ≥ 1000 instances/s for parse+deid+write.
 */
import { parsePart10, writePart10 } from '@delineo/dicom';
import { deidentify, DEFAULT_DEID_OPTIONS } from '@delineo/deid';
import { syntheticCtSeries } from '../test-data/synthetic-ct';

const COUNT = Number(process.env.BENCH_COUNT ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const projectKey = Buffer.alloc(32, 7);

function reference(files: Buffer[]): number {
  let bytes = 0;
  for (const f of files) {
    const p = parsePart10(f);
    bytes += writePart10(p.dataset, { transferSyntaxUid: p.transferSyntaxUid }).length;
  }
  return bytes;
}

function deid(files: Buffer[]): number {
  let bytes = 0;
  for (const f of files) {
    const p = parsePart10(f);
    deidentify(p.dataset, DEFAULT_DEID_OPTIONS, { projectKey });
    bytes += writePart10(p.dataset, { transferSyntaxUid: p.transferSyntaxUid }).length;
  }
  return bytes;
}

function rate(fn: (files: Buffer[]) => number, files: Buffer[]): number {
  const t0 = process.hrtime.bigint();
  fn(files);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return files.length / s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const files = syntheticCtSeries({ count: COUNT });
console.log(`generated ${files.length} CT slices 512x512 (${(files[0].length / 1024).toFixed(0)} KiB each)`);
rate(reference, files);
rate(deid, files); // warm-up: JIT, compiled rule table, dictionary load
const ref: number[] = [];
const dei: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  ref.push(rate(reference, files));
  dei.push(rate(deid, files));
}
const refRate = median(ref);
const deidRate = median(dei);
console.log(`reference (parse+write):       ${refRate.toFixed(0)} instances/s (median of ${ROUNDS})`);
console.log(`deid (parse+deidentify+write): ${deidRate.toFixed(0)} instances/s (median of ${ROUNDS})`);
console.log(`ratio deid/reference:          ${(deidRate / refRate).toFixed(2)}`);
console.log(deidRate >= 1000 ? 'target ≥ 1000 instances/s: met' : 'target ≥ 1000 instances/s: NOT met');

/**
 * npm run bench:models — the built-in ct-body segmentation on a synthetic 512×512×300 CT phantom
 * (0.8 × 0.8 × 1.5 mm: air −1000, body ellipse 40 HU, two lungs −850 HU in the upper half, spine
 * and ribs 700 HU, ±20 HU noise), next to an in-process peer: one separable 3×3×3 box filter over
 * the same Float32 volume (a plain full-volume pass every 3-D algorithm pays at least once).
 * Target: < 20 s. Prints seconds, voxel counts, the ratio and whether the sides came out right.
 * Then the brain model (scripts/bench/brain.ts) on CPU and on each GPU provider that loads.
 */
import { meanWorldX, segmentCtBody } from '@delineo/models';
import type { Volume } from '@delineo/volume';
import { benchBrain } from './bench/brain';

const [NX, NY, NZ] = [512, 512, 300];
const SP: [number, number, number] = [0.8, 0.8, 1.5];

function phantom(): Volume {
  const data = new Float32Array(NX * NY * NZ);
  let seed = 12345;
  const noise = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 40;
  const x0 = (-(NX - 1) * SP[0]) / 2,
    y0 = (-(NY - 1) * SP[1]) / 2;
  for (let k = 0, v = 0; k < NZ; k++) {
    const thorax = k >= NZ / 2;
    for (let j = 0; j < NY; j++) {
      const y = y0 + j * SP[1];
      for (let i = 0; i < NX; i++, v++) {
        const x = x0 + i * SP[0]; // LPS: +x is the patient's left
        const e = (x / 170) ** 2 + (y / 115) ** 2;
        let hu = -1000;
        if (e <= 1) {
          hu = 40;
          if (e > 0.8 && thorax && Math.abs(x) > 30 && k % 12 < 4) hu = 700; // ribs
          if ((x / 18) ** 2 + ((y - 70) / 18) ** 2 <= 1) hu = 700; // vertebral body
          if (thorax && ((Math.abs(x) - 75) / 55) ** 2 + ((y + 5) / 75) ** 2 <= 1) hu = -850; // lungs
        }
        data[v] = hu + noise();
      }
    }
  }
  return {
    dims: [NX, NY, NZ],
    spacing: SP,
    origin: [x0, y0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    sources: [],
  };
}

function boxFilter(src: Float32Array): Float32Array {
  let a = src;
  const strides = [1, NX, NX * NY];
  const extents = [NX, NY, NZ];
  for (let axis = 0; axis < 3; axis++) {
    const s = strides[axis],
      block = s * extents[axis];
    const out = new Float32Array(a.length);
    for (let b = 0; b < a.length; b += block) {
      for (let v = b; v < b + block; v++) {
        const lo = v - s >= b ? a[v - s] : a[v],
          hi = v + s < b + block ? a[v + s] : a[v];
        out[v] = (lo + a[v] + hi) / 3;
      }
    }
    a = out;
  }
  return a;
}

const secs = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e9;

function benchCtBody(): void {
  let t = process.hrtime.bigint();
  const vol = phantom();
  console.log(
    `bench:models  ct-body on a synthetic ${NX}x${NY}x${NZ} CT (${(vol.data.length / 1e6).toFixed(1)} M voxels), phantom built in ${secs(t).toFixed(2)} s`,
  );
  t = process.hrtime.bigint();
  const smooth = boxFilter(vol.data);
  const peer = secs(t);
  t = process.hrtime.bigint();
  const res = segmentCtBody(vol);
  const ours = secs(t);
  if (smooth.length !== vol.data.length) throw new Error('box filter size mismatch');
  console.log(`  peer  3x3x3 box filter (Float32)   ${peer.toFixed(2)} s`);
  console.log(`  ours  segmentCtBody                ${ours.toFixed(2)} s`);
  console.log(`  ratio ours/peer                    ${(ours / peer).toFixed(2)}x`);
  for (const l of res.volumes)
    console.log(
      `  ${l.name.padEnd(11)} ${String(l.voxels).padStart(10)} voxels  ${l.volumeMl.toFixed(1).padStart(9)} mL`,
    );
  // The phantom's lungs are mirror images; a left/right swap would show here as a miss.
  const left = res.volumes[1].voxels,
    right = res.volumes[2].voxels;
  const leftX = meanWorldX(
    res.labelMap.map((l) => (l === 2 ? 1 : 0)),
    vol,
  );
  const ok = left > 0 && right > 0 && Math.abs(left - right) / Math.max(left, right) < 0.05 && leftX > 0;
  console.log(
    `  lungs found, left lung at LPS +x    ${ok ? 'PASS' : 'MISS'} (left lung centroid x = ${leftX.toFixed(1)} mm)`,
  );
  console.log(`  target < 20 s                      ${ours < 20 ? 'PASS' : 'MISS'}`);
}

/** `-- --no-brain` skips the brain model; `-- --brain-model model.json --brain-t1 t1.nii.gz` picks inputs. */
async function main(): Promise<void> {
  const arg = (n: string) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : undefined);
  benchCtBody();
  if (!process.argv.includes('--no-brain')) await benchBrain(arg('--brain-model'), arg('--brain-t1'));
}

void main();

/**
 * npm run bench:volume — assemble 500 CT slices of 512×512 (Part 10 buffers, shuffled) into a
 * volume, next to an in-process peer: parsing the same buffers and copying their pixel bytes into
 * one array (the unavoidable part of any assembly). Target: < 2 s. Prints the figure and the ratio.
 */
import { parsePart10, Tag, TransferSyntax, writePart10 } from '@delineo/dicom';
import { assembleSeries, syntheticSeries } from '@delineo/volume';

const SLICES = 500;
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const datasets = syntheticSeries({ rows: 512, columns: 512, slices: SLICES, signed: true, intercept: -1024 });
  const files = datasets.map((ds) => writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian }));
  // Arrival order is not slice order: assembly must sort by position, not by receipt.
  for (let i = files.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [files[i], files[j]] = [files[j], files[i]];
  }
  const peer: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = process.hrtime.bigint();
    const out = Buffer.allocUnsafe(512 * 512 * 2 * SLICES);
    files.forEach((f, k) =>
      parsePart10(f)
        .dataset.get(Tag.PixelData)!
        .value!.copy(out, k * 512 * 512 * 2),
    );
    peer.push(Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    const vol = await assembleSeries(files);
    ours.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (vol.dims[2] !== SLICES) throw new Error(`assembled ${vol.dims[2]} slices, expected ${SLICES}`);
  }
  const p = median(peer);
  const o = median(ours);
  console.log(`bench:volume  ${SLICES} slices 512x512 int16 → Float32 HU volume (median of ${ROUNDS})`);
  console.log(`  peer  parse + copy pixel bytes   ${p.toFixed(3)} s`);
  console.log(`  ours  assembleSeries             ${o.toFixed(3)} s   (${(SLICES / o).toFixed(0)} slices/s)`);
  console.log(`  ratio ours/peer                  ${(o / p).toFixed(2)}x`);
  console.log(`  target < 2 s                     ${o < 2 ? 'PASS' : 'MISS'}`);
}

main().catch((err: unknown) => {
  console.error('bench:volume failed:', (err as Error).message);
  process.exit(1);
});

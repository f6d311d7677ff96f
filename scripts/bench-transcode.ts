/**
 * `npm run bench:transcode`: WADO-RS transcoding throughput (libs/imaging over dcmjs-codecs) per
 * codec, source syntax → Explicit VR Little Endian, against dcmtk's decoders in the same run.
 *
 * Data: the 20 real abdominal CT slices (512², 12 bits, JPEG 2000 lossless) of
 * shared/data/totalsegmentator, decoded once and stacked into one 20-frame file that dcmtk then
 * compresses in each syntax (dcmcjpeg, dcmcjpls, dcmcrle). Both sides decode the same file: dcmtk
 * as one process per round (dcmdjpeg/dcmdjpls/dcmdrle, start-up included, as a PACS would run it),
 * Delineo in process. JPEG 2000: dcmtk has no codec and Debian's Orthanc 1.10 neither (no GDCM
 * plugin), so the peer is dcm2niix (OpenJPEG) decoding the 20 original slices to NIfTI.
 * MB/s counts native pixel bytes out. Median of --rounds (default 5) after one warm-up.
 *
 *   npm run bench:transcode -- [--rounds N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePart10, Tag, TransferSyntax as TS, writePart10 } from '@delineo/dicom';
import { transcodePart10 } from '@delineo/imaging';

const SHARED = process.env.DELINEO_SHARED_DATA ?? resolve(__dirname, '../../shared/data');
const CT_DIR = join(SHARED, 'totalsegmentator/example_ct_dicom');
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Math.max(1, Number(args.rounds));
const LIMITS = { maxDecodedBytes: 1024 ** 3 };
const MB = 1024 * 1024;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => unknown): Promise<number> {
  await fn(); // warm-up: codec initialisation, page cache
  const s: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    s.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(s);
}

const run = (cmd: string, argv: string[]) => execFileSync(cmd, argv, { stdio: 'ignore' });

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-bench-transcode-'));
  try {
    const slices = readdirSync(CT_DIR)
      .sort()
      .map((f) => readFileSync(join(CT_DIR, f)));
    const decoded = await Promise.all(slices.map((s) => transcodePart10(s, TS.ExplicitVRLittleEndian, LIMITS)));
    const base = parsePart10(decoded[0]).dataset;
    base.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2');
    base.setString(Tag.SOPInstanceUID, 'UI', '2.25.1');
    base.setString(Tag.NumberOfFrames, 'IS', String(decoded.length));
    base.set({
      tag: Tag.PixelData,
      vr: 'OW',
      value: Buffer.concat(decoded.map((d) => parsePart10(d).dataset.get(Tag.PixelData)!.value!)),
    });
    const native = join(tmp, 'ct.dcm');
    writeFileSync(native, writePart10(base, { transferSyntaxUid: TS.ExplicitVRLittleEndian }));
    const bytes = base.get(Tag.PixelData)!.value!.length;

    const codecs: [string, string, string[], string][] = [
      ['RLE Lossless (1.2.840.10008.1.2.5)', 'dcmcrle', [], 'dcmdrle'],
      ['JPEG Lossless SV1 (.4.70)', 'dcmcjpeg', ['+e1'], 'dcmdjpeg'],
      ['JPEG Lossless process 14 (.4.57)', 'dcmcjpeg', ['+el'], 'dcmdjpeg'],
      ['JPEG Extended 12-bit (.4.51, lossy)', 'dcmcjpeg', ['+ee'], 'dcmdjpeg'],
      ['JPEG-LS Lossless (.4.80)', 'dcmcjpls', ['+el'], 'dcmdjpls'],
      ['JPEG-LS Near-Lossless (.4.81)', 'dcmcjpls', ['+en'], 'dcmdjpls'],
    ];
    const rows: string[][] = [];
    for (const [label, enc, opts, dec] of codecs) {
      const file = join(tmp, `${enc}${opts.join('')}.dcm`);
      run(enc, [...opts, native, file]);
      const input = readFileSync(file);
      const ours = await time(() => transcodePart10(input, TS.ExplicitVRLittleEndian, LIMITS));
      const peer = await time(() => run(dec, [file, join(tmp, 'out.dcm')]));
      rows.push(row(label, bytes, ours, dec, peer));
    }
    const j2kOurs = await time(() =>
      Promise.all(slices.map((s) => transcodePart10(s, TS.ExplicitVRLittleEndian, LIMITS))),
    );
    const j2kPeer = await time(() => run('dcm2niix', ['-z', 'n', '-f', 'x', '-o', tmp, CT_DIR]));
    rows.push(row('JPEG 2000 Lossless (.4.90), 20 slices', bytes, j2kOurs, 'dcm2niix', j2kPeer));

    const nativeFile = readFileSync(native);
    const encoders: [string, string, string[]][] = [
      [TS.RLELossless, 'dcmcrle', []],
      [TS.JPEGLSLossless, 'dcmcjpls', ['+el']],
      [TS.JPEG2000Lossless, '', []],
    ];
    for (const [ts, peerCmd, opts] of encoders) {
      const ours = await time(() => transcodePart10(nativeFile, ts, LIMITS));
      const peer = peerCmd ? await time(() => run(peerCmd, [...opts, native, join(tmp, 'enc.dcm')])) : undefined;
      rows.push(row(`encode Explicit LE → ${ts}`, bytes, ours, peerCmd || '(no peer)', peer));
    }
    print(rows, bytes);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function row(label: string, bytes: number, ours: number, peer: string, peerS?: number): string[] {
  const mbs = (s: number) => (bytes / MB / s).toFixed(1);
  return [
    label,
    mbs(ours),
    peer,
    peerS === undefined ? '—' : mbs(peerS),
    peerS === undefined ? '—' : `${(peerS / ours).toFixed(2)}×`,
  ];
}

function print(rows: string[][], bytes: number): void {
  const head = ['codec (→ Explicit VR LE)', 'Delineo MB/s', 'peer', 'peer MB/s', 'Delineo/peer'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  console.log(
    `\n${(bytes / MB).toFixed(1)} MB of native pixels per round (20 × 512² CT, 16-bit), median of ${ROUNDS}\n`,
  );
  for (const r of all) console.log(r.map((c, i) => c.padEnd(w[i])).join('  '));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

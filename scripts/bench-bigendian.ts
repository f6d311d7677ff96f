/**
 * `npm run bench:bigendian`: what accepting Explicit VR Big Endian costs the DIMSE receive path
 * (libs/dicom bigEndianToLittleEndian, in memory) against dcmtk doing the same conversion
 * (`dcmconv +te`, file to file, process start included), on the same real files made Big Endian by
 * `dcmconv +tb`. The check first: the converted dataset must equal dcmtk's Little Endian, byte for byte.
 *
 *   npm run bench:bigendian -- [--rounds N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bigEndianToLittleEndian } from '@delineo/dicom';

const DATA = process.env.DELINEO_SHARED_DATA ?? resolve(__dirname, '../../shared/data');
const FILES = [
  'dcm_qa_xa30/5_anat-T1w_acq-tfl/0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm',
  'pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm',
];
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);

/** The dataset after the file meta (its group length says where it ends, PS3.10 §7.1). */
const body = (file: string): Buffer => {
  const b = readFileSync(file);
  return b.subarray(144 + b.readUInt32LE(140));
};

const dir = mkdtempSync(join(tmpdir(), 'bench-bigendian-'));
try {
  for (const rel of FILES) {
    const src = join(DATA, rel);
    const be = join(dir, 'be.dcm');
    const le = join(dir, 'le.dcm');
    execFileSync('dcmconv', ['+tb', src, be]);
    execFileSync('dcmconv', ['+te', be, le]);
    const input = body(be);
    if (!bigEndianToLittleEndian(input).equals(body(le))) throw new Error(`${rel}: differs from dcmconv +te`);
    let t = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) bigEndianToLittleEndian(input);
    const ours = Number(process.hrtime.bigint() - t) / 1e9 / rounds;
    t = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) execFileSync('dcmconv', ['+te', be, le]);
    const dcmtk = Number(process.hrtime.bigint() - t) / 1e9 / rounds;
    const mb = input.length / 1e6;
    console.log(
      `${rel.split('/').pop()!.slice(0, 40)}: ${mb.toFixed(2)} MB, Delineo ${(mb / ours).toFixed(0)} MB/s ` +
        `(${(ours * 1e3).toFixed(2)} ms), dcmconv +te ${(mb / dcmtk).toFixed(0)} MB/s (${(dcmtk * 1e3).toFixed(1)} ms), ` +
        `ratio ${(dcmtk / ours).toFixed(1)}x`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

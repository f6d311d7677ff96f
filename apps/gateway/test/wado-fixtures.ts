/**
 * Compressed inputs for the WADO-RS conformance test: real files from shared/data (dcm_qa_ts: one
 * MR slice in several syntaxes, BSD-2; highdicom: a MONOCHROME1 DX and an RGB multi-frame SM, MIT)
 * and what dcmtk makes of them (dcmcjpeg, dcmcjpls, dcmcrle), each given a fresh SOP Instance UID
 * (dcmodify -gin) so that the archive keeps them apart. dcmtk also decodes them, as the reference.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTool, shared } from './harness';

export interface Fixture {
  name: string;
  file: Buffer;
  /** dcmtk's decoding of it (dcmdjpeg/dcmdjpls/dcmdrle), or the uncompressed original. */
  reference: Buffer;
}

async function tool(cmd: string, args: string[]): Promise<void> {
  const r = await runTool(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

const DECODER: Record<string, string> = { dcmcjpeg: 'dcmdjpeg', dcmcjpls: 'dcmdjpls', dcmcrle: 'dcmdrle' };

export async function makeFixtures(): Promise<{ fixtures: Map<string, Fixture>; cleanup(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-wado-'));
  const fixtures = new Map<string, Fixture>();
  const mr = shared('dcm_qa_ts/1.dcm');
  const original = readFileSync(mr);
  for (const [name, n] of Object.entries({ implicit: 2, rle: 4, sv1: 5, jls: 7, j2k: 9 })) {
    fixtures.set(name, { name, file: readFileSync(shared(`dcm_qa_ts/${n}.dcm`)), reference: original });
  }
  const made: [string, string, string, string][] = [
    ['jpeg12', 'dcmcjpeg', '+ee', mr],
    ['jpeg14', 'dcmcjpeg', '+el', mr],
    ['jlsnear', 'dcmcjpls', '+en', mr],
    ['dxjpeg', 'dcmcjpeg', '+eb', shared('highdicom/dx_image.dcm')],
    ['smjpeg', 'dcmcjpeg', '+eb', shared('highdicom/sm_image.dcm')],
    ['smrle', 'dcmcrle', '', shared('highdicom/sm_image.dcm')],
  ];
  for (const [name, cmd, opt, src] of made) {
    const out = path.join(dir, `${name}.dcm`);
    const ref = path.join(dir, `${name}.ref.dcm`);
    await tool(cmd, [...(opt ? [opt] : []), src, out]);
    await tool('dcmodify', ['-nb', '-gin', out]);
    await tool(DECODER[cmd], [out, ref]);
    fixtures.set(name, { name, file: readFileSync(out), reference: readFileSync(ref) });
  }
  fixtures.set('dx', { name: 'dx', file: readFileSync(shared('highdicom/dx_image.dcm')), reference: Buffer.alloc(0) });
  fixtures.set('mr', { name: 'mr', file: original, reference: original });
  return { fixtures, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

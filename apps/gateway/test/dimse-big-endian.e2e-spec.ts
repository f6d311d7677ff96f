/**
 * Explicit VR Big Endian (retired, PS3.5 A.3, still sent by old modalities): accepted over DIMSE and
 * converted to Explicit VR Little Endian before de-identification and storage. Real files made Big
 * Endian by dcmtk (`dcmconv +tb`) go in through storescu; what the archive serves must carry the
 * same pixels and the same numbers as the Little Endian original.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dataset, parsePart10, Tag, TransferSyntax } from '@delineo/dicom';
import { DICOM_MULTIPART, getParts, stow } from './dicomweb-client';
import { describeWithTools, shared, storescu } from './harness';
import { fileMeta, startPreferenceGateway, type PreferenceGateway } from './dimse-preference';

const NUMERIC_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'OW', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV']);

/** Asserts each binary-number element of `got` equals the same element of `want`, recursively; returns how many. */
function compareNumbers(got: Dataset, want: Dataset, where = ''): number {
  let n = 0;
  for (const el of got.sorted()) {
    const ref = want.get(el.tag);
    if (!ref) continue;
    const at = `${where}(${el.tag.toString(16).padStart(8, '0')})`;
    if (el.items && ref.items) {
      el.items.forEach((item, i) => (n += ref.items![i] ? compareNumbers(item, ref.items![i], `${at}[${i}]`) : 0));
    } else if (NUMERIC_VRS.has(el.vr) && el.value) {
      expect({ at, value: el.value.toString('hex') }).toEqual({ at, value: ref.value?.toString('hex') });
      n++;
    }
  }
  return n;
}

describeWithTools(
  'DIMSE: Explicit VR Big Endian is accepted and stored as Little Endian',
  ['storescu', 'dcmconv'],
  () => {
    let peer: PreferenceGateway;
    let dir: string;
    beforeAll(async () => {
      peer = await startPreferenceGateway('sender');
      dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-be-'));
    });
    afterAll(async () => {
      await peer?.gw.close();
      rmSync(dir, { recursive: true, force: true });
    });

    function dcmconv(file: string, option: string): string {
      const out = path.join(dir, `${path.basename(file)}${option}.dcm`);
      expect(spawnSync('dcmconv', [option, file, out]).status).toBe(0);
      return out;
    }
    /** storescu arguments proposing one context: the file's SOP class with Big Endian only, so it converts nothing. */
    function proposeBigEndianOnly(file: string): string[] {
      const cfg = path.join(dir, `${path.basename(file)}.cfg`);
      const lines = ['[[TransferSyntaxes]]', '[TS]', `TransferSyntax1 = ${TransferSyntax.ExplicitVRBigEndian}`];
      lines.push('[[PresentationContexts]]', '[PC]', `PresentationContext1 = ${fileMeta(file).sopClass}\\TS`);
      writeFileSync(cfg, [...lines, '[[Profiles]]', '[ONLY]', 'PresentationContexts = PC', ''].join('\n'));
      return ['-xf', cfg, 'ONLY'];
    }

    const DCM_QA_TS_BE = shared('dcm_qa_ts', '3.dcm'); // made with `dcmconv +tb` by its authors
    const cases: [string, () => { bigEndian: string; littleEndian: string }][] = [
      [
        'dcm_qa_ts 3.dcm (MR; reference: dcmconv +te)',
        () => ({ bigEndian: DCM_QA_TS_BE, littleEndian: dcmconv(DCM_QA_TS_BE, '+te') }),
      ],
      // A nested Icon Image Sequence with its own 8-bit OW Pixel Data, overlays in OW, sequences.
      ['an MR with overlays and an icon', () => viaBigEndian(shared('pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm'))],
      // 32-bit Float Pixel Data (OF) in a multi-frame parametric map.
      ['a float parametric map', () => viaBigEndian(shared('pydicom-data/parametric_map_float.dcm'))],
    ];
    function viaBigEndian(littleEndian: string): { bigEndian: string; littleEndian: string } {
      return { bigEndian: dcmconv(littleEndian, '+tb'), littleEndian };
    }

    /** What the archive serves for `bigEndian` equals `littleEndian` in pixels and in every number. */
    async function expectStoredAsLittleEndian(bigEndian: string, littleEndian: string): Promise<void> {
      expect(await peer.storedSyntax(bigEndian)).toBe(TransferSyntax.ExplicitVRLittleEndian);
      const { parts } = await getParts(await peer.retrieveUrl(bigEndian), `${DICOM_MULTIPART}; transfer-syntax=*`);
      expect(parts).toHaveLength(1);
      const { dataset } = parsePart10(parts[0]);
      const reference = parsePart10(readFileSync(littleEndian)).dataset;
      const pixels = [Tag.PixelData, Tag.FloatPixelData].find((t) => reference.has(t))!;
      expect(dataset.get(pixels)!.value!.equals(reference.get(pixels)!.value!)).toBe(true);
      // Every binary number the archive kept (sequences included) is the original's, byte for byte.
      expect(compareNumbers(dataset, reference)).toBeGreaterThanOrEqual(8);
    }

    it.each(cases)('%s over C-STORE: pixels and every number equal the original', async (_name, files) => {
      const { bigEndian, littleEndian } = files();
      expect(fileMeta(bigEndian).ts).toBe(TransferSyntax.ExplicitVRBigEndian);
      expect((await storescu(peer.gw, [bigEndian], proposeBigEndianOnly(bigEndian))).code).toBe(0);
      await expectStoredAsLittleEndian(bigEndian, littleEndian);
    });

    it('converts a Big Endian Part 10 file sent over STOW-RS the same way', async () => {
      const littleEndian = shared('pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm');
      const bigEndian = path.join(dir, 'stow-be.dcm');
      expect(spawnSync('dcmconv', ['+tb', littleEndian, bigEndian]).status).toBe(0);
      await peer.gw.close(); // a fresh archive: the C-STORE test above stored the same instance
      peer = await startPreferenceGateway('sender');
      const res = await stow(`${peer.gw.http}/dicomweb/studies`, [readFileSync(bigEndian)]);
      // Stored (202 here: its warning 0xB000 says attributes were coerced, by de-identification).
      expect([200, 202]).toContain(res.status);
      expect(res.body['00081198']).toBeUndefined(); // no FailedSOPSequence
      await expectStoredAsLittleEndian(bigEndian, littleEndian);
    });
  },
);

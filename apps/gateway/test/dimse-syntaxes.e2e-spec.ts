/**
 * DIMSE ingest of what a PACS actually sends (embedded backends): every transfer syntax we accept,
 * stored as received (no transcoding; Big Endian, converted: dimse-big-endian.e2e-spec.ts); an
 * enhanced multi-frame MR and a SEG; and a failed C-STORE that persists nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dataset, parseDataset, parsePart10, Tag, TransferSyntax, writePart10 } from '@delineo/dicom';
import { pseudonymizeUid } from '@delineo/deid';
import { DICOM_MULTIPART, first, getJson, getParts, type Json } from './dicomweb-client';
import {
  cStore,
  describeWithTools,
  objectFiles,
  randomSecrets,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
} from './harness';

const TS_FILES = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((n) => shared('dcm_qa_ts', `${n}.dcm`));
const ENHANCED_MR = shared(
  'dcm_qa_xa30/5_anat-T1w_acq-tfl/0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm',
);
const SEG = shared('highdicom/seg_image_ct_binary.dcm');
const EMPTY_UIDS_CT = shared(
  'totalsegmentator/example_ct_dicom/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573',
);
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

const original = (file: string) => parsePart10(readFileSync(file));
const pixelBytes = (ds: Dataset): Buffer => {
  const px = ds.get(Tag.PixelData);
  return px?.value ?? Buffer.concat(px?.fragments ?? []);
};
/** File meta only (always Explicit VR Little Endian, PS3.10 §7.1), so Big Endian files are readable too. */
function meta(file: string): { ts: string; sop: string; sopClass: string } {
  const buf = readFileSync(file);
  const m = parseDataset(buf.subarray(132, 144 + buf.readUInt32LE(140)), TransferSyntax.ExplicitVRLittleEndian);
  return {
    ts: m.string(Tag.TransferSyntaxUID)!,
    sop: m.string(Tag.MediaStorageSOPInstanceUID)!,
    sopClass: m.string(Tag.MediaStorageSOPClassUID)!,
  };
}

/**
 * storescu arguments that propose exactly one presentation context: the file's SOP class with the
 * file's transfer syntax only. (`-R` alone still proposes the uncompressed syntaxes and lets
 * storescu convert, so it cannot show that we store what was sent; -R and -xf are exclusive.)
 */
function proposeOnlyFileSyntax(dir: string, file: string): string[] {
  const { ts, sopClass } = meta(file);
  const cfg = path.join(dir, `${path.basename(file)}.cfg`);
  writeFileSync(
    cfg,
    [
      '[[TransferSyntaxes]]',
      '[TS]',
      `TransferSyntax1 = ${ts}`,
      '[[PresentationContexts]]',
      '[PC]',
      `PresentationContext1 = ${sopClass}\\TS`,
      '[[Profiles]]',
      '[ONLY]',
      'PresentationContexts = PC',
      '',
    ].join('\n'),
  );
  return ['-xf', cfg, 'ONLY'];
}

describeWithTools('DIMSE transfer syntaxes and SOP classes (embedded backends)', ['storescu'], () => {
  const secrets = randomSecrets();
  const projectKey = Buffer.from(secrets.DELINEO_PROJECT_KEY, 'hex');
  let gw: TestGateway;
  let dir: string;
  beforeAll(async () => {
    gw = await startTestGateway({ env: secrets });
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-in-'));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** QIDO for the instance the gateway made of `file` (its keyed pseudonymous SOP Instance UID). */
  async function stored(file: string): Promise<Json | undefined> {
    const sop = pseudonymizeUid(projectKey, meta(file).sop);
    // AvailableTransferSyntaxUID is not a default QIDO attribute (PS3.18 Table 6.7.1-2a): asked for.
    const { status, body } = await getJson(`${gw.http}/dicomweb/instances?SOPInstanceUID=${sop}&includefield=00083002`);
    expect([200, 204]).toContain(status);
    expect(body.length).toBeLessThanOrEqual(1);
    return body[0];
  }
  const instanceCount = async () => (await getJson(`${gw.http}/dicomweb/instances`)).body.length;

  const accepted = TS_FILES.filter((f) => meta(f).ts !== TransferSyntax.ExplicitVRBigEndian);
  it.each(accepted.map((f) => [path.basename(f), meta(f).ts, f]))(
    'stores %s (%s) in the transfer syntax it was sent in',
    async (_name, ts, file) => {
      const r = await storescu(gw, [file], proposeOnlyFileSyntax(dir, file));
      expect(r.code).toBe(0);
      const hit = await stored(file);
      expect(hit).toBeDefined();
      expect(first(hit!, '00083002')).toBe(ts);
      // Not transcoded: the pixel data we serve as stored (transfer-syntax=*, PS3.18 §8.7.3.5.2) is
      // byte for byte the pixel data we were sent.
      const { parts } = await getParts(String(first(hit!, '00081190')), `${DICOM_MULTIPART}; transfer-syntax=*`);
      expect(parts).toHaveLength(1);
      const sent = pixelBytes(original(file).dataset);
      expect(sent.length).toBeGreaterThan(0);
      expect(pixelBytes(parsePart10(parts[0]).dataset).equals(sent)).toBe(true);
    },
  );

  // Explicit VR Big Endian is accepted and converted to Little Endian: dimse-big-endian.e2e-spec.ts.

  it('accepts an enhanced multi-frame MR (dcm_qa_xa30)', async () => {
    expect((await storescu(gw, [ENHANCED_MR], ['-R'])).code).toBe(0);
    const hit = await stored(ENHANCED_MR);
    expect(first(hit!, '00080016')).toBe('1.2.840.10008.5.1.4.1.1.4.1');
    expect(Number(first(hit!, '00280008'))).toBe(96);
  });

  it('accepts a Segmentation (highdicom CT SEG) with storescu -R', async () => {
    expect((await storescu(gw, [SEG], ['-R'])).code).toBe(0);
    const hit = await stored(SEG);
    expect(first(hit!, '00080016')).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(first(hit!, '00083002')).toBe(original(SEG).transferSyntaxUid);
  });

  describe('a C-STORE that fails', () => {
    it('answers 0xA900 for an empty SOP Instance UID and persists nothing', async () => {
      // dcmtk refuses such files client-side, so the association is built from node.
      const { dataset, transferSyntaxUid } = original(EMPTY_UIDS_CT);
      expect(dataset.string(Tag.SOPInstanceUID)).toBeUndefined();
      dataset.setString(Tag.SOPClassUID, 'UI', CT_IMAGE_STORAGE); // a valid class, so a context is accepted
      const file = path.join(dir, 'empty-sop-instance-uid.dcm');
      writeFileSync(
        file,
        writePart10(dataset, { transferSyntaxUid, mediaStorageSopInstanceUid: meta(EMPTY_UIDS_CT).sop }),
      );
      const before = await instanceCount();
      const studiesBefore = (await getJson(`${gw.http}/dicomweb/studies`)).body.length;
      const objectsBefore = objectFiles(gw.dataDir).length;
      expect(before).toBeGreaterThan(0);
      expect(await cStore(gw, file)).toEqual([0xa900]);
      expect(await instanceCount()).toBe(before);
      expect((await getJson(`${gw.http}/dicomweb/studies`)).body.length).toBe(studiesBefore);
      expect(objectFiles(gw.dataDir).length).toBe(objectsBefore);
      const failures = gw.logLines().filter((l) => l.event === 'c-store-failed');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ code: 'dicom/missing-sop-instance-uid', status: 'a900' });
    });
  });
});

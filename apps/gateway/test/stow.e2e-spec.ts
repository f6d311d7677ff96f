/**
 * STOW-RS (PS3.18 §10.5) against the real gateway, embedded backends: per-instance results in the
 * Store Instances Response (Annex I), the status codes of Table 10.5.3-1, and nothing persisted for
 * what failed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { first, getJson, items, postRaw, stow, stowBody, type Json } from './dicomweb-client';
import { objectFiles, randomSecrets, shared, startTestGateway, type TestGateway } from './harness';

const dirFiles = (dir: string): Buffer[] =>
  readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
const EMPTY_UIDS = dirFiles(shared('totalsegmentator/example_ct_dicom'));
const MR_0005 = dirFiles(shared('dcm_qa_nih/20180918GE/mr_0005'));
const MR_0006 = dirFiles(shared('dcm_qa_nih/20180918GE/mr_0006'));
const SEG = readFileSync(shared('highdicom/seg_image_ct_binary.dcm'));

const A900 = 0xa900; // Data Set does not match SOP Class (PS3.18 Table I.2-2)
const B000 = 0xb000; // Coercion of Data Elements (PS3.18 Table I.2-1)
const FAILED = '00081198';
const REFERENCED = '00081199';
const failureReasons = (body: Json): number[] => items(body, FAILED).map((i) => Number(first(i, '00081197')));

describe('STOW-RS (embedded backends)', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets() });
    url = `${gw.http}/dicomweb/studies`;
  });
  afterAll(() => gw?.close());

  const instanceCount = async () => (await getJson(`${gw.http}/dicomweb/instances`)).body.length;
  const objectCount = () => objectFiles(gw.dataDir).length;

  it('answers 409 with a FailedSOPSequence of 20 × 0xA900 for 20 instances with empty UIDs, storing nothing', async () => {
    expect(EMPTY_UIDS).toHaveLength(20);
    const r = await stow(url, EMPTY_UIDS);
    expect(r.status).toBe(409);
    expect(r.contentType).toBe('application/dicom+json'); // exactly: dicomweb-client compares it whole
    expect(failureReasons(r.body)).toEqual(Array(20).fill(A900));
    expect(r.body[REFERENCED]).toBeUndefined();
    expect(await getJson(`${gw.http}/dicomweb/instances`)).toEqual({ status: 204, body: [] });
    expect(objectCount()).toBe(0);
  });

  it('stores a real 150-image series: 202 (every item carries WarningReason B000) and 150 references', async () => {
    const r = await stow(url, MR_0005);
    // We always coerce (de-identify), so each stored item warns B000 and Table 10.5.3-1 says 202.
    expect(r.status).toBe(202);
    expect(r.body[FAILED]).toBeUndefined();
    const refs = items(r.body, REFERENCED);
    expect(refs).toHaveLength(150);
    expect(refs.every((i) => Number(first(i, '00081196')) === B000)).toBe(true);
    const sent = new Set(MR_0005.map((b) => parsePart10(b).dataset.string(Tag.SOPInstanceUID)));
    for (const ref of refs) {
      const sop = String(first(ref, '00081155'));
      expect(sop).toMatch(/^2\.25\./);
      expect(sent.has(sop)).toBe(false); // the response names the pseudonymized instance
      expect(String(first(ref, '00081190'))).toContain(`/instances/${sop}`);
    }
    expect(await instanceCount()).toBe(150);
    expect(objectCount()).toBe(150);
  });

  it('finds the stored MR study by ModalitiesInStudy (a value or a list, as OHIF sends it), and answers 400 to a wildcard', async () => {
    const studies = async (q: string) => {
      const r = await gw.fetch(`/dicomweb/studies?ModalitiesInStudy=${q}`);
      if (r.status === 200) expect(r.headers.get('content-type')).toBe('application/dicom+json');
      return { status: r.status, count: r.status === 200 ? ((await r.json()) as unknown[]).length : 0 };
    };
    expect(await studies('MR')).toEqual({ status: 200, count: 1 });
    expect(await studies('CT,MR')).toEqual({ status: 200, count: 1 });
    expect((await studies('CT')).count).toBe(0); // 204, or 200 with none: no CT was stored
    expect((await studies('M*')).status).toBe(400);
  });

  it('answers 202 for a mixed body: the good instances stored, the bad one listed as failed', async () => {
    const before = await instanceCount();
    const r = await stow(url, [SEG, EMPTY_UIDS[0], MR_0006[0], MR_0006[1]]);
    expect(r.status).toBe(202);
    expect(failureReasons(r.body)).toEqual([A900]);
    expect(items(r.body, REFERENCED)).toHaveLength(3);
    expect(await instanceCount()).toBe(before + 3);
  });

  it('answers 415 problem+json for a Content-Type that is not multipart/related with type application/dicom or application/dicom+json', async () => {
    const { body } = stowBody([MR_0006[2]], 'xyz');
    for (const type of [
      'application/dicom',
      'multipart/related; type="application/dicom+xml"; boundary=xyz', // XML metadata is not accepted
      'multipart/related',
    ]) {
      const r = await postRaw(url, body, type);
      expect(r.status).toBe(415);
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 415, code: 'dicomweb/bad-content-type' });
    }
  });

  it('answers 400 problem+json for a body without its closing boundary, storing nothing', async () => {
    const before = await instanceCount();
    const body = Buffer.concat([Buffer.from('--xyz\r\nContent-Type: application/dicom\r\n\r\n'), MR_0006[3]]);
    const r = await postRaw(url, body, 'multipart/related; type="application/dicom"; boundary=xyz');
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 400, code: 'dicomweb/malformed-multipart' });
    expect(await instanceCount()).toBe(before);
  });

  it('fails every instance with 0xA900 when POSTed to another study than their own', async () => {
    const before = await instanceCount();
    const files = MR_0006.slice(4, 7);
    const r = await stow(`${url}/1.2.826.0.1.3680043.10.999.424242`, files);
    expect(r.status).toBe(409);
    expect(failureReasons(r.body)).toEqual([A900, A900, A900]);
    expect(await instanceCount()).toBe(before);
    // Control: the same instances POSTed to their own study are stored.
    const own = parsePart10(files[0]).dataset.string(Tag.StudyInstanceUID);
    const ok = await stow(`${url}/${own}`, files);
    expect(ok.status).toBe(202);
    expect(items(ok.body, REFERENCED)).toHaveLength(3);
    expect(await instanceCount()).toBe(before + 3);
    // The study's Retrieve URL names the study as stored (pseudonymized), and it resolves.
    const studyUrl = String(first(ok.body, '00081190'));
    expect(studyUrl).not.toContain(own);
    expect(studyUrl).toMatch(/\/studies\/2\.25\.\d+$/);
    expect((await getJson(`${studyUrl.replace(/\/studies\//, '/studies?StudyInstanceUID=')}`)).body).toHaveLength(1);
  });
});

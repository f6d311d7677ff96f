/**
 * The npm dicomweb-client (0.11, the JS client the design names) against the real gateway, for the
 * issue's "Why" items and a QIDO → WADO walk a viewer makes:
 * - storeInstances resolves with the Store Instances Response, sent as exactly
 *   `application/dicom+json` (a `; charset=utf-8` made the Python client read every 202 as empty);
 * - failed items name the SOP Class and SOP Instance they refer to (PS3.18 Table I.2-1: Referenced
 *   SOP Class/Instance UID in each FailedSOPSequence item), so the caller learns which failed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { dicomweb, first, items, storeWithClient } from './dicomweb-client';
import { randomSecrets, shared, startTestGateway, type TestGateway } from './harness';

const MR = path.join(shared('dcm_qa_nih/20180918GE/mr_0007'));
const FILES = readdirSync(MR)
  .sort()
  .slice(0, 6)
  .map((f) => readFileSync(path.join(MR, f)));
const EMPTY_UIDS = readFileSync(
  path.join(shared('totalsegmentator/example_ct_dicom'), readdirSync(shared('totalsegmentator/example_ct_dicom'))[0]),
);
const header = (b: Buffer) => parsePart10(b).dataset;
const FAILED = '00081198';
const REFERENCED = '00081199';
const A900 = 0xa900;

describe('dicomweb-client against the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets() });
  });
  afterAll(() => gw?.close());

  it('storeInstances resolves with the Store Instances Response, sent as exactly application/dicom+json', async () => {
    const r = await storeWithClient(gw.http, [FILES[0], FILES[1], EMPTY_UIDS]);
    expect(r.status).toBe(202);
    expect(r.contentType).toBe('application/dicom+json');
    expect(items(r.body, REFERENCED)).toHaveLength(2);
    expect(items(r.body, FAILED)).toHaveLength(1);
  });

  it('names the SOP Class and Instance of every failed item', async () => {
    const files = [FILES[2], FILES[3]];
    const r = await storeWithClient(gw.http, files, '1.2.826.0.1.3680043.10.999.424242');
    expect(r.status).toBe(409);
    const failed = items(r.body, FAILED);
    expect(failed.map((f) => Number(first(f, '00081197')))).toEqual([A900, A900]);
    expect(failed.map((f) => [first(f, '00081150'), first(f, '00081155')])).toEqual(
      files.map((f) => [header(f).string(Tag.SOPClassUID), header(f).string(Tag.SOPInstanceUID)]),
    );
    expect(r.contentType).toBe('application/dicom+json');
  });

  it('names the instance even when its dataset does not parse (a file cut short in its pixel data)', async () => {
    const cut = FILES[2].subarray(0, FILES[2].length - 1000);
    const r = await storeWithClient(gw.http, [cut]);
    expect(r.status).toBe(409);
    const [failed] = items(r.body, FAILED);
    expect(Number(first(failed, '00081197'))).toBe(0xc000);
    // From the File Meta (PS3.10 §7.1), which is intact: the sender learns which instance failed.
    expect([first(failed, '00081150'), first(failed, '00081155')]).toEqual([
      header(FILES[2]).string(Tag.SOPClassUID),
      header(FILES[2]).string(Tag.SOPInstanceUID),
    ]);
  });

  it('walks QIDO study → series → instances, then WADO instance, metadata and frame', async () => {
    const stored = await storeWithClient(gw.http, [FILES[4], FILES[5]]);
    expect(stored.status).toBe(202);
    const sop = String(first(items(stored.body, REFERENCED)[0], '00081155'));
    const client = dicomweb(gw.http);
    const studies = await client.searchForStudies();
    expect(studies).toHaveLength(1);
    const study = String(first(studies[0], '0020000D'));
    const series = await client.searchForSeries({ studyInstanceUID: study });
    expect(series.map((s) => first(s, '00080060'))).toEqual(['MR']);
    const seriesUid = String(first(series[0], '0020000E'));
    const instances = await client.searchForInstances({
      studyInstanceUID: study,
      seriesInstanceUID: seriesUid,
    });
    expect(instances.map((i) => first(i, '00080018'))).toContain(sop);
    expect(instances).toHaveLength(4); // two from the first test's 202, two here

    const ids = { studyInstanceUID: study, seriesInstanceUID: seriesUid, sopInstanceUID: sop };
    const part10 = Buffer.from(await client.retrieveInstance(ids));
    const ds = parsePart10(part10);
    expect(ds.dataset.string(Tag.SOPInstanceUID)).toBe(sop);
    const [meta] = await client.retrieveInstanceMetadata(ids);
    expect(first(meta, '00080018')).toBe(sop);
    const rows = Number(first(meta, '00280010'));
    const cols = Number(first(meta, '00280011'));
    const [frame] = await client.retrieveInstanceFrames({ ...ids, frameNumbers: '1' });
    expect(frame.byteLength).toBe(rows * cols * (Number(first(meta, '00280100')) / 8));
  });
});

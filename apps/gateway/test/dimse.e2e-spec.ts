/**
 * DIMSE ingest against real dcmtk peers, embedded backends (PGlite + fs store + in-process queue):
 * association policy, a real 150-image MR series end to end, then QIDO, series status and WADO-RS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { DICOM_MULTIPART, first, getJson, getParts } from './dicomweb-client';
import {
  describeWithTools,
  echoscu,
  objectFiles,
  randomSecrets,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
} from './harness';
import { waitFor } from './wait';

const MR_0004 = shared('dcm_qa_nih/20180918GE/mr_0004');
const ORIGINAL = parsePart10(readFileSync(path.join(MR_0004, readdirSync(MR_0004).sort()[0]))).dataset;

describeWithTools('DIMSE C-STORE SCP (embedded backends)', ['storescu', 'echoscu'], () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets() });
  });
  afterAll(() => gw?.close());

  const rejections = () => gw.logLines().filter((l) => l.event === 'association-rejected');

  describe('association policy', () => {
    it('answers C-ECHO for an allowed calling AE', async () => {
      expect((await echoscu(gw)).code).toBe(0);
      expect(gw.events()).toContain('association-accepted');
    });

    it('rejects an association from an unknown calling AE', async () => {
      const echo = await echoscu(gw, 'INTRUDER');
      const store = await storescu(gw, [path.join(MR_0004, readdirSync(MR_0004)[0])], [], 'INTRUDER');
      expect(echo.code).not.toBe(0);
      expect(store.code).not.toBe(0);
      const mine = rejections().filter((l) => l.callingAeTitle === 'INTRUDER');
      expect(mine).toHaveLength(2);
      expect(mine.every((l) => l.reason === 'calling-ae-not-recognized')).toBe(true);
    });

    it('rejects an association addressed to another called AE title', async () => {
      expect((await echoscu(gw, undefined, 'NOT-DELINEO')).code).not.toBe(0);
      expect(
        rejections().some((l) => l.calledAeTitle === 'NOT-DELINEO' && l.reason === 'called-ae-not-recognized'),
      ).toBe(true);
    });

    it('does not announce loopback-only mode when an allow-list is configured', () => {
      expect(gw.events()).not.toContain('dimse-loopback-only');
    });

    it('accepts loopback callers only, and says so, when no allowedCallers are configured', async () => {
      const open = await startTestGateway({ settings: {}, env: randomSecrets() });
      try {
        expect((await echoscu(open, 'ANY-LOCAL-AE')).code).toBe(0);
        expect(open.events()).toContain('dimse-loopback-only');
        expect(open.events()).not.toContain('association-rejected');
      } finally {
        await open.close();
      }
    });
  });

  describe('a real MR series (dcm_qa_nih mr_0004, 150 files)', () => {
    let studyUid: string;
    let seriesUid: string;

    const studies = () => getJson(`${gw.http}/dicomweb/studies`);
    const seriesCount = async () => {
      const { body } = await getJson(`${gw.http}/dicomweb/studies/${studyUid}/series`);
      return body.map((s) => Number(first(s, '00201209')));
    };

    beforeAll(async () => {
      const r = await storescu(gw, [MR_0004], ['+sd', '+sp', '*']);
      expect(r.code).toBe(0);
    });

    it('is listed by QIDO as one study with one pseudonymized series of 150 instances', async () => {
      const { status, body } = await studies();
      expect(status).toBe(200);
      expect(body).toHaveLength(1);
      studyUid = String(first(body[0], '0020000D'));
      const patientId = String(first(body[0], '00100020'));
      expect(studyUid).toMatch(/^2\.25\.\d+$/);
      expect(studyUid).not.toBe(ORIGINAL.string(Tag.StudyInstanceUID));
      expect(patientId).toMatch(/^DLN-[A-Z2-7]{16}$/);
      expect(patientId).not.toBe(ORIGINAL.string(Tag.PatientID));
      const series = (await getJson(`${gw.http}/dicomweb/studies/${studyUid}/series`)).body;
      expect(series).toHaveLength(1);
      seriesUid = String(first(series[0], '0020000E'));
      expect(seriesUid).toMatch(/^2\.25\./);
      expect(seriesUid).not.toBe(ORIGINAL.string(Tag.SeriesInstanceUID));
      expect(Number(first(series[0], '00201209'))).toBe(150);
    });

    it('reaches state complete (ImagesInAcquisition 15 × NumberOfTemporalPositions 10)', async () => {
      const list = await waitFor(
        async () => (await gw.fetch(`/api/v1/series`)).json() as Promise<{ items: Array<Record<string, unknown>> }>,
        (l) => l.items.some((s) => s.seriesInstanceUid === seriesUid && s.state === 'complete'),
      );
      const s = list.items.find((i) => i.seriesInstanceUid === seriesUid)!;
      expect(s).toMatchObject({ state: 'complete', expectedInstances: 150, modality: 'MR' });
      expect(gw.logLines().some((l) => l.event === 'series-completed' && l.seriesId === s.id)).toBe(true);
      const one = await (await gw.fetch(`/api/v1/series/${seriesUid}`)).json();
      expect(one).toMatchObject({ id: s.id, instances: 150 });
    });

    it('is idempotent when the same series is sent again', async () => {
      expect((await storescu(gw, [MR_0004], ['+sd', '+sp', '*'])).code).toBe(0);
      expect((await studies()).body).toHaveLength(1);
      expect(await seriesCount()).toEqual([150]);
      expect(objectFiles(gw.dataDir)).toHaveLength(150); // same bytes, same content-addressed key
      expect(gw.events()).not.toContain('instance-replaced');
    });

    it('serves the series over WADO-RS as 150 de-identified Part 10 parts', async () => {
      const url = `${gw.http}/dicomweb/studies/${studyUid}/series/${seriesUid}`;
      const { status, type, parts } = await getParts(url, DICOM_MULTIPART);
      expect(status).toBe(200);
      expect(type).toMatch(/^multipart\/related/);
      expect(parts).toHaveLength(150);
      const { dataset } = parsePart10(parts[0]);
      expect(dataset.string(Tag.StudyInstanceUID)).toBe(studyUid);
      expect(dataset.string(Tag.PatientID)).toMatch(/^DLN-/);
      expect(dataset.string(Tag.PatientName)).toBe(dataset.string(Tag.PatientID));
      expect(dataset.string(Tag.PatientIdentityRemoved)).toBe('YES');
      const isPrivate = (t: number) => ((t >>> 16) & 1) === 1;
      expect(ORIGINAL.tags().some(isPrivate)).toBe(true); // GE private groups 0009, 0019, 0043...
      expect(dataset.tags().filter(isPrivate)).toEqual([]);
      const text = parts[0].toString('latin1');
      for (const v of [
        ORIGINAL.string(Tag.StudyInstanceUID)!,
        ORIGINAL.string(Tag.SOPInstanceUID)!,
        'Test^Regression',
      ]) {
        expect(text.includes(v)).toBe(false);
      }
    });

    it('serves metadata as DICOM JSON and frame 1 as bytes', async () => {
      const base = `${gw.http}/dicomweb/studies/${studyUid}/series/${seriesUid}`;
      const meta = await gw.fetch(`${base.slice(gw.http.length)}/metadata`, {
        headers: { accept: 'application/dicom+json' },
      });
      expect(meta.status).toBe(200);
      expect(meta.headers.get('content-type')).toMatch(/application\/dicom\+json/);
      const json = (await meta.json()) as Array<Record<string, unknown>>;
      expect(json).toHaveLength(150);
      const sop = String(first(json[0], '00080018'));
      expect(String(first(json[0], '00100020'))).toMatch(/^DLN-/);
      const rows = Number(first(json[0], '00280010'));
      const cols = Number(first(json[0], '00280011'));
      const frames = await getParts(
        `${base}/instances/${sop}/frames/1`,
        'multipart/related; type="application/octet-stream"',
      );
      expect(frames.status).toBe(200);
      expect(frames.parts).toHaveLength(1);
      expect(frames.parts[0].length).toBe(rows * cols * 2);
    });
  });
});

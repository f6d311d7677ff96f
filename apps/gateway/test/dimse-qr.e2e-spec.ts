/**
 * Query/Retrieve SCP (PS3.4 Annex C) with real dcmtk clients: findscu (Study and Patient Root, every
 * level, cancel), movescu to a storescp the gateway knows as a dimse destination, getscu, and a
 * caller whose allow-list entry lacks `query: true`. What arrives is compared byte for byte with
 * what the archive stores, which is what WADO-RS serves with transfer-syntax=*.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatTag, parsePart10, tagOf, type Dataset } from '@delineo/dicom';
import { readDicomPayload } from '../src/delivery/senders/dicom-payload';
import { ArchiveReader } from '../src/dicomweb/archive-reader.service';
import { first, getJson, type Json } from './dicomweb-client';
import { waitFor } from './wait';
import { startStorescp, type Storescp } from './delivery-senders-peers';
import {
  AE,
  dcmsend,
  describeWithTools,
  randomSecrets,
  runTool,
  SCU,
  shared,
  startTestGateway,
  type TestGateway,
} from './harness';

const GE_DIR = shared('dcm_qa_nih/20180918GE/mr_0004');
/** One fMRI series of 150 slices (Explicit VR Little Endian): enough matches for a cancel to land. */
const FMRI = readdirSync(GE_DIR)
  .filter((f) => f.endsWith('.dcm'))
  .map((f) => path.join(GE_DIR, f));
const MR = [1, 2, 3, 4, 5].map((n) => shared('dcm_qa_deident', `0000${n}.dcm`));
const LIVER = ['liver_rle.dcm', 'liver_j2k.dcm'].map((f) => shared('pydicom-data', f));
const MOVE_AE = 'MOVESCP';

/** The dataset as C-STORE carries it (no preamble, no meta group): what must arrive unchanged. */
const datasetBytes = (part10: Buffer): Buffer => {
  const p = readDicomPayload(part10);
  return p.encode(p.transferSyntaxUid);
};
const str = (ds: Dataset, keyword: string): string => ds.strings(tagOf(keyword)!).join('\\');

describeWithTools(
  'DIMSE Query/Retrieve SCP with dcmtk',
  ['dcmsend', 'storescp', 'findscu', 'movescu', 'getscu'],
  () => {
    let gw: TestGateway;
    let scp: Storescp;
    let work: string;
    let fmriStudy: string;
    let fmriSeries: string;
    let mrStudy: string;
    let mrSeries: string;
    let liverStudy: string;

    beforeAll(async () => {
      scp = await startStorescp(['+B', '+xa', '-pm'], MOVE_AE);
      gw = await startTestGateway({
        env: randomSecrets(),
        settings: {
          dimse: { allowedCallers: [{ aeTitle: SCU, query: true }, { aeTitle: 'NOQUERY' }] },
          destinations: [
            {
              name: 'workstation',
              type: 'dimse',
              aeTitle: MOVE_AE,
              host: '127.0.0.1',
              port: scp.port,
              allowPlaintext: true,
            },
          ],
          series: { quietPeriodSeconds: 3600 },
        },
      });
      work = mkdtempSync(path.join(tmpdir(), 'delineo-qr-'));
      for (const files of [FMRI, MR, LIVER]) {
        const sent = await dcmsend(gw, files);
        expect(`${sent.code} ${sent.stderr}`).toMatch(/^0 /);
      }
      const studies = (await getJson(`${gw.http}/dicomweb/studies?includefield=NumberOfStudyRelatedInstances`)).body;
      const byCount = (n: number): string =>
        String(
          first(
            studies.find((s) => Number(first(s, '00201208')) === n)!,
            '0020000D',
          ),
        );
      [fmriStudy, mrStudy, liverStudy] = [byCount(FMRI.length), byCount(MR.length), byCount(LIVER.length)];
      fmriSeries = String(
        first((await getJson(`${gw.http}/dicomweb/studies/${fmriStudy}/series`)).body[0], '0020000E'),
      );
      mrSeries = String(first((await getJson(`${gw.http}/dicomweb/studies/${mrStudy}/series`)).body[0], '0020000E'));
    });
    afterAll(async () => {
      await gw?.close();
      await scp?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    /** findscu with its responses extracted to files (-X), parsed; plus its exit code and log. */
    async function findscu(args: string[], aet = SCU): Promise<{ code: number; log: string; rsp: Dataset[] }> {
      const out = mkdtempSync(path.join(work, 'find-'));
      const r = await runTool('findscu', [
        '-v',
        '-aec',
        AE,
        '-aet',
        aet,
        '-X',
        '-od',
        out,
        ...args,
        '127.0.0.1',
        String(gw.dimsePort),
      ]);
      const rsp = readdirSync(out)
        .sort()
        .map((f) => parsePart10(readFileSync(path.join(out, f))).dataset);
      return { code: r.code, log: r.stdout + r.stderr, rsp };
    }
    const keys = (pairs: string[]): string[] => pairs.flatMap((k) => ['-k', k]);
    const stored = async (study: string, series?: string): Promise<Map<string, Buffer>> => {
      const reader = gw.gw.app.get(ArchiveReader);
      const out = new Map<string, Buffer>();
      for (const row of await reader.instances(study, series)) out.set(row.sopInstanceUid, await reader.read(row));
      return out;
    };
    const received = (dir: string): Map<string, Buffer> =>
      new Map(
        readdirSync(dir).map((f) => {
          const buf = readFileSync(path.join(dir, f));
          return [readDicomPayload(buf).sopInstanceUid, buf];
        }),
      );
    const clearScp = (): void => scp.files().forEach((f) => rmSync(f));
    /** WADO-RS of a study with transfer-syntax=* (PS3.18 §8.7.3.5.2: as stored), by SOP Instance UID. */
    async function wadoAsStored(study: string): Promise<Map<string, Buffer>> {
      const res = await gw.fetch(`/dicomweb/studies/${study}`, {
        headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      });
      expect(res.status).toBe(200);
      const boundary = /boundary="?([^";]+)"?/.exec(res.headers.get('content-type') ?? '')![1];
      const body = Buffer.from(await res.arrayBuffer());
      const out = new Map<string, Buffer>();
      for (let at = body.indexOf(`--${boundary}`); ;) {
        const next = body.indexOf(`\r\n--${boundary}`, at + 2);
        if (next < 0) break;
        const part = body.subarray(body.indexOf('\r\n\r\n', at) + 4, next);
        out.set(readDicomPayload(part).sopInstanceUid, part);
        at = next + 2;
      }
      return out;
    }

    it('findscu -S STUDY PatientID=DLN* finds every study, with the same values QIDO-RS answers', async () => {
      const asked = [
        'StudyDate',
        'AccessionNumber',
        'ModalitiesInStudy',
        'NumberOfStudyRelatedInstances',
        'StudyDescription',
      ];
      const { code, rsp } = await findscu([
        '-S',
        ...keys(['QueryRetrieveLevel=STUDY', 'PatientID=DLN*', 'StudyInstanceUID', ...asked]),
      ]);
      expect(code).toBe(0);
      const qido = (await getJson(`${gw.http}/dicomweb/studies?PatientID=DLN*&includefield=${asked.join(',')}`)).body;
      expect(rsp).toHaveLength(3);
      expect(rsp.map((d) => str(d, 'StudyInstanceUID')).sort()).toEqual(
        qido.map((q) => String(first(q, '0020000D'))).sort(),
      );
      for (const d of rsp) {
        const q = qido.find((x) => first(x, '0020000D') === str(d, 'StudyInstanceUID'))!;
        expect(str(d, 'PatientID')).toMatch(/^DLN/);
        expect(str(d, 'QueryRetrieveLevel')).toBe('STUDY');
        expect(str(d, 'RetrieveAETitle')).toBe(AE);
        for (const k of ['PatientID', ...asked]) expect(str(d, k)).toBe(jsonText(q, k));
        // Only what was asked for (and the three keys the SCP always answers).
        expect(d.size).toBe(asked.length + 2 + 3);
      }
    });

    it('findscu -P answers PATIENT (counts summed over the studies) and STUDY within one patient', async () => {
      const { code, rsp } = await findscu([
        '-P',
        ...keys([
          'QueryRetrieveLevel=PATIENT',
          'PatientID=DLN*',
          'PatientName',
          'NumberOfPatientRelatedStudies',
          'NumberOfPatientRelatedInstances',
        ]),
      ]);
      expect(code).toBe(0);
      const studies = (await getJson(`${gw.http}/dicomweb/studies?includefield=NumberOfStudyRelatedInstances`)).body;
      const pids = [...new Set(studies.map((s) => String(first(s, '00100020'))))];
      expect(rsp.map((d) => str(d, 'PatientID')).sort()).toEqual(pids.sort());
      for (const d of rsp) {
        const mine = studies.filter((s) => first(s, '00100020') === str(d, 'PatientID'));
        expect(Number(str(d, 'NumberOfPatientRelatedStudies'))).toBe(mine.length);
        expect(Number(str(d, 'NumberOfPatientRelatedInstances'))).toBe(
          mine.reduce((n, s) => n + Number(first(s, '00201208')), 0),
        );
      }
      const pid = str(rsp[0], 'PatientID');
      const inPatient = await findscu([
        '-P',
        ...keys(['QueryRetrieveLevel=STUDY', `PatientID=${pid}`, 'StudyInstanceUID']),
      ]);
      expect(inPatient.rsp.map((d) => str(d, 'StudyInstanceUID')).sort()).toEqual(
        studies
          .filter((s) => first(s, '00100020') === pid)
          .map((s) => String(first(s, '0020000D')))
          .sort(),
      );
    });

    it('findscu answers SERIES and IMAGE levels as QIDO-RS does', async () => {
      const series = await findscu([
        '-S',
        ...keys([
          'QueryRetrieveLevel=SERIES',
          `StudyInstanceUID=${fmriStudy}`,
          'SeriesInstanceUID',
          'Modality',
          'NumberOfSeriesRelatedInstances',
        ]),
      ]);
      const qs = (await getJson(`${gw.http}/dicomweb/studies/${fmriStudy}/series`)).body;
      expect(series.rsp.map((d) => str(d, 'SeriesInstanceUID'))).toEqual(qs.map((q) => String(first(q, '0020000E'))));
      expect(str(series.rsp[0], 'Modality')).toBe(jsonText(qs[0], 'Modality'));
      expect(Number(str(series.rsp[0], 'NumberOfSeriesRelatedInstances'))).toBe(FMRI.length);
      const images = await findscu([
        '-S',
        ...keys([
          'QueryRetrieveLevel=IMAGE',
          `StudyInstanceUID=${fmriStudy}`,
          `SeriesInstanceUID=${fmriSeries}`,
          'SOPInstanceUID',
          'InstanceNumber',
        ]),
      ]);
      const qi = (await getJson(`${gw.http}/dicomweb/studies/${fmriStudy}/series/${fmriSeries}/instances`)).body;
      expect(images.rsp.map((d) => str(d, 'SOPInstanceUID')).sort()).toEqual(
        qi.map((q) => String(first(q, '00080018'))).sort(),
      );
      expect(images.rsp).toHaveLength(FMRI.length);
    });

    it('findscu --cancel stops the matches: C-CANCEL answered with status Cancel (0xFE00)', async () => {
      const all = [
        'QueryRetrieveLevel=IMAGE',
        `StudyInstanceUID=${fmriStudy}`,
        `SeriesInstanceUID=${fmriSeries}`,
        'SOPInstanceUID',
      ];
      const r = await findscu(['-S', '--cancel', '2', ...keys(all)]);
      expect(r.code).toBe(0);
      expect(r.rsp.length).toBeLessThan(FMRI.length);
      expect(r.log).toMatch(/Received Final Find Response \(Cancel/);
    });

    it('movescu of a study to a dimse destination delivers every instance byte-identical to the archive', async () => {
      clearScp();
      for (const study of [fmriStudy, liverStudy]) {
        const r = await runTool('movescu', [
          '-v',
          '-S',
          '-aec',
          AE,
          '-aet',
          SCU,
          '-aem',
          MOVE_AE,
          ...keys(['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${study}`]),
          '127.0.0.1',
          String(gw.dimsePort),
        ]);
        expect(r.code).toBe(0);
        expect(r.stdout + r.stderr).toMatch(/Received Final Move Response \(Success\)/);
        const archive = await stored(study);
        const got = received(scp.dir);
        for (const [sop, bytes] of archive) expect(datasetBytes(got.get(sop)!).equals(datasetBytes(bytes))).toBe(true);
      }
      expect(scp.files()).toHaveLength(FMRI.length + LIVER.length);
      // The compressed study (RLE, JPEG 2000) as WADO-RS serves it with transfer-syntax=*: the same datasets.
      const wado = await wadoAsStored(liverStudy);
      expect(wado.size).toBe(LIVER.length);
      const got = received(scp.dir);
      for (const [sop, bytes] of wado) expect(datasetBytes(got.get(sop)!).equals(datasetBytes(bytes))).toBe(true);
    });

    it('movescu to an AE title that is not a dimse destination gets 0xA801 and nothing is sent', async () => {
      clearScp();
      const r = await runTool('movescu', [
        '-v',
        '-S',
        '-aec',
        AE,
        '-aet',
        SCU,
        '-aem',
        'ELSEWHERE',
        ...keys(['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${mrStudy}`]),
        '127.0.0.1',
        String(gw.dimsePort),
      ]);
      expect(r.stdout + r.stderr).toMatch(/MoveDestinationUnknown/);
      expect(scp.files()).toHaveLength(0);
    });

    it('movescu --cancel stops between sub-operations', async () => {
      clearScp();
      const r = await runTool('movescu', [
        '-v',
        '-S',
        '--cancel',
        '1',
        '-aec',
        AE,
        '-aet',
        SCU,
        '-aem',
        MOVE_AE,
        ...keys(['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${fmriStudy}`]),
        '127.0.0.1',
        String(gw.dimsePort),
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/Received Final Move Response \(Cancel/);
      expect(scp.files().length).toBeLessThan(FMRI.length);
      // The gateway logs the operation once its association to the destination is released.
      const moves = await waitFor(
        async () => gw.logLines().filter((l) => l.event === 'qr-move' && l.status === 'fe00'),
        (l) => l.length > 0,
      );
      expect(moves).toHaveLength(1);
    });

    it('getscu of a series receives every instance on its own association, byte-identical', async () => {
      const out = mkdtempSync(path.join(work, 'get-'));
      const r = await runTool('getscu', [
        '-v',
        '-S',
        '+B',
        '-aec',
        AE,
        '-aet',
        SCU,
        '-od',
        out,
        ...keys(['QueryRetrieveLevel=SERIES', `StudyInstanceUID=${mrStudy}`, `SeriesInstanceUID=${mrSeries}`]),
        '127.0.0.1',
        String(gw.dimsePort),
      ]);
      expect(r.code).toBe(0);
      const archive = await stored(mrStudy, mrSeries);
      const got = received(out);
      expect([...got.keys()].sort()).toEqual([...archive.keys()].sort());
      for (const [sop, bytes] of archive) expect(datasetBytes(got.get(sop)!).equals(datasetBytes(bytes))).toBe(true);
    });

    it('refuses Q/R to a caller whose allow-list entry lacks query: true (C-ECHO still accepted)', async () => {
      const r = await findscu(['-S', ...keys(['QueryRetrieveLevel=STUDY', 'PatientID=DLN*'])], 'NOQUERY');
      expect(r.code).not.toBe(0);
      expect(r.log).toMatch(/No Acceptable Presentation Contexts/);
      expect(r.rsp).toHaveLength(0);
      clearScp();
      const m = await runTool('movescu', [
        '-S',
        '-aec',
        AE,
        '-aet',
        'NOQUERY',
        '-aem',
        MOVE_AE,
        ...keys(['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${mrStudy}`]),
        '127.0.0.1',
        String(gw.dimsePort),
      ]);
      expect(m.code).not.toBe(0);
      expect(scp.files()).toHaveLength(0);
      expect((await runTool('echoscu', ['-aec', AE, '-aet', 'NOQUERY', '127.0.0.1', String(gw.dimsePort)])).code).toBe(
        0,
      );
    });
  },
);

describeWithTools('DIMSE Query/Retrieve SCP: secure default', ['findscu', 'echoscu'], () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets(), settings: { series: { quietPeriodSeconds: 3600 } } });
  });
  afterAll(async () => gw?.close());

  it('refuses Q/R from loopback when no allow-list is configured, while C-ECHO is accepted', async () => {
    const args = ['-S', '-aec', AE, '-aet', SCU, '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientID=DLN*'];
    const r = await runTool('findscu', [...args, '127.0.0.1', String(gw.dimsePort)]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/No Acceptable Presentation Contexts/);
    expect((await runTool('echoscu', ['-aec', AE, '-aet', SCU, '127.0.0.1', String(gw.dimsePort)])).code).toBe(0);
  });
});

/** A QIDO-RS attribute as C-FIND carries it: values joined with "\", a PN's alphabetic group. */
function jsonText(obj: Json, keyword: string): string {
  const attr = obj[formatTag(tagOf(keyword)!)] as { Value?: unknown[] } | undefined;
  return (attr?.Value ?? [])
    .map((v) =>
      typeof v === 'object' && v !== null ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v),
    )
    .join('\\');
}

/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 *
 * Issue 4 acceptance 1: the real Philips MPRAGE (170 slices) arrives over C-STORE, a routing rule
 * sends it to the imported brainchop MeshNet (ONNX, CPU here), and the series reaches `segmented`
 * with per-region volumes a neuroradiologist would call plausible for an adult. Runs on
 * PostgreSQL and Redis, with the worker in-process on the filesystem store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ArchiveRepository } from '@delineo/db';
import { onnx } from '@delineo/models';
import { decodeSeg, type SegGeometry } from '@delineo/seg';
import { decodeNifti } from '@delineo/volume';
import { readWithPydicom, run } from '../../../libs/seg/test/interop.fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs = require('dcmjs') as { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
import { createTestDatabase, deleteRedisPrefix, testRedisUrl, type TestDatabase } from './backends';
import { describeWithTools, randomSecrets, shared, startTestGateway, storescu, type TestGateway } from './harness';
import { waitFor } from './wait';

const MPRAGE = shared('dcm_qa_philips_enh/1301_ADNI_Sag3D_MPRAGE');
const MODEL_JSON = shared('brainchop/models/model18cls/model.json');
type Volume = { name: string; voxels: number; volumeMl: number };
type Status = {
  id: string;
  state: string;
  errorCode: string | null;
  model: { id: string; engine?: string };
  volumes: Volume[];
  timings: { stagesMs: Record<string, unknown> };
};

describeWithTools('brain parcellation of a real MPRAGE sent over C-STORE', ['storescu', 'dciodvfy', 'dcentvfy'], () => {
  let db: TestDatabase;
  let gw: TestGateway;
  const models = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-brain-models-'));
  const prefix = `e2e-brain-${process.pid}`;

  beforeAll(async () => {
    onnx.writeModelPackage({ modelJsonPath: MODEL_JSON, outDir: path.join(models, 'brain-meshnet-18') }); // what `npm run model:import` does
    db = await createTestDatabase();
    gw = await startTestGateway({
      env: {
        ...randomSecrets(),
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        MODELS_DIR: models,
        ONNX_PROVIDERS: 'cpu',
        RECONCILE_INTERVAL_SECONDS: '2',
      },
      settings: {
        dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
        series: { quietPeriodSeconds: 3600 },
        routing: [
          { name: 't1-brain', match: { modality: 'MR', seriesDescription: '(?i)mprage' }, model: 'brain-meshnet-18' },
        ],
      },
    });
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
    await db?.drop();
    await deleteRedisPrefix(prefix);
    rmSync(models, { recursive: true, force: true });
  });

  it('reaches segmented with adult-plausible regional volumes', async () => {
    expect((await storescu(gw, [MPRAGE], ['+sd', '+sp', '*'])).code).toBe(0);
    const list = async () => ((await (await gw.fetch(`/api/v1/series`)).json()) as { items: Status[] }).items;
    const [s] = await waitFor(list, (l) => l.length === 1 && ['segmented', 'failed'].includes(l[0].state), 600_000);
    expect(s).toMatchObject({ state: 'segmented', errorCode: null, model: { id: 'brain-meshnet-18', engine: 'cpu' } });
    const ml = Object.fromEntries(s.volumes.map((v) => [v.name, v.volumeMl]));
    const csf = ['Lateral-Ventricle', 'Inferior-Lateral-Ventricle', '3rd-Ventricle', '4th-Ventricle'];
    const brain = s.volumes.filter((v) => !csf.includes(v.name)).reduce((a, v) => a + v.volumeMl, 0);
    const hippocampi = ml['Hippocampus'];
    console.log(
      `MPRAGE via C-STORE → brain-meshnet-18: brain ${brain.toFixed(0)} mL, cortex ${ml['Cerebral-Cortex'].toFixed(0)} mL, ` +
        `white matter ${ml['Cerebral-White-Matter'].toFixed(0)} mL, hippocampi ${hippocampi.toFixed(1)} mL; stages ${JSON.stringify(s.timings.stagesMs)}`,
    );
    // Adult reference ranges (parenchyma without ventricles): roughly 900–1,600 mL in total;
    // cortex and white matter a few hundred mL each; both hippocampi together a few mL.
    expect(brain).toBeGreaterThan(900);
    expect(brain).toBeLessThan(1600);
    for (const region of ['Cerebral-Cortex', 'Cerebral-White-Matter']) {
      expect(ml[region]).toBeGreaterThan(250);
      expect(ml[region]).toBeLessThan(800);
    }
    expect(hippocampi).toBeGreaterThan(4);
    expect(hippocampi).toBeLessThan(14);
  }, 700_000);

  it('writes a research SEG of the MPRAGE that dicom3tools, pydicom and our decoder accept, holding exactly the label map', async () => {
    const [s] = ((await (await gw.fetch(`/api/v1/series`)).json()) as { items: Status[] }).items;
    const objects = path.join(gw.dataDir, 'objects');
    const segFile = path.join(objects, 'results', s.id, '0', 'seg.dcm');
    // Registered in the archive only after its object is stored: once QIDO lists it, the file is there.
    const segSeries = async () => {
      const res = await gw.fetch(`/dicomweb/series?Modality=SEG`);
      return (res.status === 204 ? [] : await res.json()) as Record<string, { Value?: string[] }>[]; // 204: no match yet (PS3.18 §8.3.4.1)
    };
    const series = await waitFor(segSeries, (l) => l.length === 1, 120_000);
    expect(existsSync(segFile)).toBe(true);
    const seg = readFileSync(segFile);
    const out = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-brain-seg-'));
    try {
      writeFileSync(path.join(out, 'seg.dcm'), seg);
      const rows = await gw.gw.app.get(ArchiveRepository).instancesOf(s.id);
      const sources = rows.map((r, i) => {
        const f = path.join(out, `src-${i}.dcm`);
        writeFileSync(f, readFileSync(path.join(objects, r.objectKey)));
        return f;
      });
      const errors = (lines: string[]) => lines.filter((l) => /error/i.test(l));
      expect(errors(run('dciodvfy', [path.join(out, 'seg.dcm')]))).toEqual([]);
      expect(errors(run('dcentvfy', [path.join(out, 'seg.dcm'), ...sources]))).toEqual([]);
      const labels = decodeNifti(readFileSync(path.join(objects, 'work', s.id, '0', 'labels.nii.gz')));
      const geometry = JSON.parse(
        readFileSync(path.join(objects, 'work', s.id, '0', 'sources.json'), 'utf8'),
      ) as SegGeometry;
      const ours = decodeSeg(seg, { reference: geometry });
      expect(ours.segments).toHaveLength(17);
      expect(Buffer.from(ours.labelMap as Uint8Array).equals(Buffer.from(Uint8Array.from(labels.data)))).toBe(true);
      // dcmjs (what OHIF uses): unpack its view of the bits; every segment's voxel count must match.
      const ab = seg.buffer.slice(seg.byteOffset, seg.byteOffset + seg.length);
      const nat = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(ab).dict);
      const bits: Uint8Array = dcmjs.data.BitArray.unpack(nat.PixelData[0]);
      const frame = Number(nat.Rows) * Number(nat.Columns);
      const counts = new Map<number, number>();
      (
        nat.PerFrameFunctionalGroupsSequence as {
          SegmentIdentificationSequence: { ReferencedSegmentNumber: number }[] | { ReferencedSegmentNumber: number };
        }[]
      ).forEach((pf, n) => {
        const sid = [pf.SegmentIdentificationSequence].flat()[0].ReferencedSegmentNumber;
        let c = 0;
        for (let i = n * frame; i < (n + 1) * frame; i++) c += bits[i] ? 1 : 0;
        counts.set(sid, (counts.get(sid) ?? 0) + c);
      });
      const truth = new Map<number, number>();
      for (const v of labels.data) if (v) truth.set(v, (truth.get(v) ?? 0) + 1);
      expect(new Map([...counts].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...truth].sort((a, b) => a[0] - b[0])));
      // The research copy is in the de-identified archive too: QIDO lists it as a SEG series of the study.
      expect(series).toHaveLength(1);
      expect(series[0]['0020000D'].Value![0]).toBe(ours.studyInstanceUid);
      const py = readWithPydicom(path.join(out, 'seg.dcm'));
      expect(py.info).toMatchObject({ type: 'BINARY', segments: expect.arrayContaining([[14, 'Hippocampus']]) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

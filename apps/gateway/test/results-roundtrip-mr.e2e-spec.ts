/**
 * @jest-environment <rootDir>/libs/models/src/onnx/ort-jest-environment.js
 *
 * The Orthanc round trip on a second kind of real series: the Siemens XA30 enhanced MR (one
 * multi-frame instance, 96 frames), segmented by the imported brain model and sent back by C-STORE
 * and STOW-RS. The SEG must reference the source's FRAMES and pass dciodvfy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { onnx } from '@delineo/models';
import { decodeSeg } from '@delineo/seg';
import { startOrthanc, type RunningOrthanc } from '../../../test-support/orthanc';
import { freePort } from '../../../test-support/ports';
import { describeWithTools, randomSecrets, runTool, shared, startTestGateway, type TestGateway } from './harness';
import { waitFor } from './wait';

const XA30 = shared('dcm_qa_xa30/5_anat-T1w_acq-tfl');
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

describeWithTools(
  'results back to Orthanc for an enhanced multi-frame MR (XA30)',
  ['storescu', 'dciodvfy', 'Orthanc'],
  () => {
    let orthanc: RunningOrthanc;
    let gw: TestGateway;
    const dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-xa30-'));

    beforeAll(async () => {
      onnx.writeModelPackage({
        modelJsonPath: shared('brainchop/models/model18cls/model.json'),
        outDir: path.join(dir, 'models', 'brain-meshnet-18'),
      });
      const dimsePort = await freePort();
      orthanc = await startOrthanc({
        modalities: { DELINEO: { aet: 'DELINEO', host: '127.0.0.1', port: dimsePort } },
        autoRouteTo: 'DELINEO',
        routeOn: 'stable-series',
      });
      gw = await startTestGateway({
        env: {
          ...randomSecrets(),
          DIMSE_PORT: String(dimsePort),
          MODELS_DIR: path.join(dir, 'models'),
          ONNX_PROVIDERS: 'cpu',
        },
        settings: {
          dimse: { allowedCallers: [{ aeTitle: orthanc.aet }] },
          series: { quietPeriodSeconds: 3600 },
          destinations: [
            {
              name: 'pacs',
              type: 'dimse',
              aeTitle: orthanc.aet,
              host: '127.0.0.1',
              port: orthanc.dicomPort,
              allowPlaintext: true,
            },
            { name: 'pacs-web', type: 'dicomweb', url: `${orthanc.url}/dicom-web`, allowPlaintext: true },
          ],
          routing: [
            { name: 't1', match: { modality: 'MR' }, model: 'brain-meshnet-18', deliverTo: ['pacs', 'pacs-web'] },
          ],
        },
      });
    }, 120_000);

    afterAll(async () => {
      await gw?.close();
      await orthanc?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('files one valid SEG, referencing the source frames, under the original study and patient', async () => {
      const source = parsePart10(
        readFileSync(path.join(XA30, '0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm')),
      ).dataset;
      expect(
        (
          await runTool('storescu', [
            '-aec',
            orthanc.aet,
            '-aet',
            'MODALITY',
            '+sd',
            '+sp',
            '*',
            '127.0.0.1',
            String(orthanc.dicomPort),
            XA30,
          ])
        ).code,
      ).toBe(0);
      type S = { state: string; deliveries: { state: string }[] };
      const list = async () => ((await (await gw.fetch(`/api/v1/series`)).json()) as { items: S[] }).items;
      const [s] = await waitFor(list, (l) => l.length === 1 && ['delivered', 'failed'].includes(l[0].state), 400_000);
      expect(s.state).toBe('delivered');

      const segs = (await orthanc.instancesOfStudy(source.string(Tag.StudyInstanceUID)!)).filter(
        (i) => i.sopClassUid === SEG_CLASS,
      );
      expect(segs).toHaveLength(1);
      expect(segs[0].patientId).toBe(source.string(Tag.PatientID));
      const file = path.join(dir, 'seg.dcm');
      writeFileSync(file, await orthanc.instanceFile(segs[0].id));
      const seg = decodeSeg(readFileSync(file));
      const refs = seg.frames.flatMap((f) => f.sourceImages);
      expect(new Set(refs.map((r) => r.sopInstanceUid))).toEqual(new Set([source.string(Tag.SOPInstanceUID)]));
      expect(refs.every((r) => Number.isInteger(r.frameNumber) && r.frameNumber! >= 1 && r.frameNumber! <= 96)).toBe(
        true,
      );
      const vfy = await runTool('dciodvfy', ['-new', file]);
      expect((vfy.stdout + vfy.stderr).split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
    }, 500_000);
  },
);

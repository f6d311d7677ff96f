/**
 * Issue 5 end to end, with Orthanc (Debian) as the hospital PACS: Orthanc auto-routes a real CT to
 * Delineo by C-STORE (Lua), Delineo de-identifies, segments with ct-body and sends the SEG back by
 * C-STORE and by STOW-RS, re-identified into the ORIGINAL study; an EHR endpoint gets a FHIR
 * transaction that validates. A second run with Orthanc down for a while ends with the SEG stored
 * exactly once. Prints the latency from the last instance received to the SEG stored in Orthanc.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { decodeSeg } from '@delineo/seg';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { startOrthanc, type RunningOrthanc } from '../../../test-support/orthanc';
import { freePort } from '../../../test-support/ports';
import { issues } from '../../../libs/fhir/test/medplum-validator';
import { describeWithTools, randomSecrets, runTool, startTestGateway, storescu, type TestGateway } from './harness';
import { repairedTotalSegmentatorCt, syntheticCtDir } from './pipeline-fixtures';
import { waitFor } from './wait';

type Status = {
  id: string;
  state: string;
  seriesInstanceUid: string;
  timings: { lastInstanceAt: string };
  deliveries: { destination: string; state: string; attempts: number; errorCode: string | null }[];
};
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

describeWithTools(
  'results back to the hospital: Orthanc → Delineo → SEG + FHIR',
  ['storescu', 'dciodvfy', 'Orthanc'],
  () => {
    let orthanc: RunningOrthanc;
    let gw: TestGateway;
    let ehr: Server;
    const bundles: Bundle[] = [];
    let ehrRejects = false;
    const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-roundtrip-'));
    const list = async (): Promise<Status[]> =>
      ((await (await gw.fetch(`/api/v1/series?limit=100`)).json()) as { items: Status[] }).items;
    const segsIn = async (study: string) =>
      (await orthanc.instancesOfStudy(study)).filter((i) => i.sopClassUid === SEG_CLASS);

    beforeAll(async () => {
      ehr = createServer((req, res) => {
        let body = '';
        req
          .on('data', (c) => (body += c))
          .on('end', () => {
            const bundle = JSON.parse(body) as Bundle;
            bundles.push(bundle);
            const status = ehrRejects ? '400 Bad Request' : '201 Created';
            const response = {
              resourceType: 'Bundle',
              type: 'transaction-response',
              entry: (bundle.entry ?? []).map(() => ({ response: { status } })),
            };
            res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(response));
          });
      });
      await new Promise<void>((r) => ehr.listen(0, '127.0.0.1', r));
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
          DELIVERY_BACKOFF_SECONDS: '1',
          DELIVERY_BACKOFF_MAX_SECONDS: '2',
          DELIVERY_ATTEMPTS: '60',
          DELIVERY_TIMEOUT_SECONDS: '20',
          RECONCILE_INTERVAL_SECONDS: '2',
        },
        settings: {
          dimse: { allowedCallers: [{ aeTitle: orthanc.aet }, { aeTitle: 'E2E-SCU' }] },
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
            {
              name: 'ehr',
              type: 'fhir',
              url: `http://127.0.0.1:${(ehr.address() as { port: number }).port}/fhir`,
              patientIdentifierSystem: 'urn:oid:1.2.3.4.5',
              allowPlaintext: true,
            },
          ],
          routing: [
            { name: 'ct', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs', 'pacs-web', 'ehr'] },
          ],
        },
      });
    }, 120_000);

    afterAll(async () => {
      await gw?.close();
      await orthanc?.dispose();
      await new Promise<void>((r) => (ehr ? ehr.close(() => r()) : r()));
      rmSync(tmp, { recursive: true, force: true });
    });

    it('files the SEG under the original study and patient in Orthanc, once, and sends a valid FHIR report', async () => {
      const dir = repairedTotalSegmentatorCt(tmp);
      const original = parsePart10(readFileSync(path.join(dir, readdirSync(dir)[0]))).dataset;
      const study = original.string(Tag.StudyInstanceUID)!;
      expect(
        (
          await runTool('storescu', [
            '-xv',
            '-aec',
            orthanc.aet,
            '-aet',
            'MODALITY',
            '+sd',
            '+sp',
            '*',
            '127.0.0.1',
            String(orthanc.dicomPort),
            dir,
          ])
        ).code,
      ).toBe(0);
      const settledOrStuck = (l: Status[]) =>
        l.length === 1 &&
        (['delivered', 'failed'].includes(l[0].state) ||
          l[0].deliveries.some((d) => d.state === 'dead-letter' || d.attempts > 3));
      const [s] = await waitFor(list, settledOrStuck, 180_000);
      expect({ state: s.state, deliveries: s.deliveries.map((d) => [d.destination, d.state, d.errorCode]) }).toEqual({
        state: 'delivered',
        deliveries: [
          ['ehr', 'delivered', null],
          ['pacs', 'delivered', null],
          ['pacs-web', 'delivered', null],
        ],
      });
      expect(s.seriesInstanceUid).not.toBe(original.string(Tag.SeriesInstanceUID)); // Delineo only ever stored pseudonyms

      const segs = await segsIn(study);
      expect(segs).toHaveLength(1); // C-STORE and STOW-RS carried the same SOP Instance UID
      expect(segs[0]).toMatchObject({ patientId: original.string(Tag.PatientID), modality: 'SEG' });
      expect(segs[0].patientName).toBe(original.string(Tag.PatientName) ?? '');
      const file = path.join(tmp, 'seg.dcm');
      writeFileSync(file, await orthanc.instanceFile(segs[0].id));
      const seg = decodeSeg(readFileSync(file));
      expect(seg.studyInstanceUid).toBe(study);
      expect(seg.segments.map((x) => x.label)).toEqual(expect.arrayContaining(['Body', 'Bone']));
      const vfy = await runTool('dciodvfy', ['-new', file]);
      expect((vfy.stdout + vfy.stderr).split('\n').filter((l) => /^Error/.test(l))).toEqual([]);

      expect(bundles).toHaveLength(1);
      for (const e of bundles[0].entry ?? [])
        expect(issues(e.resource as Resource).filter((i) => i.severity === 'error')).toEqual([]);
      const patient = bundles[0].entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as {
        identifier: { value: string }[];
      };
      expect(patient.identifier[0].value).toBe(original.string(Tag.PatientID));
    }, 240_000);

    it('delivers exactly once after the PACS comes back from an outage', async () => {
      await orthanc.stop();
      expect((await storescu(gw, [syntheticCtDir(tmp, 9)], ['+sd', '+sp', '*'])).code).toBe(0);
      const pending = await waitFor(
        list,
        (l) => l.some((s) => s.deliveries.some((d) => d.destination === 'pacs' && d.attempts >= 2)),
        120_000,
      );
      const s = pending.find((x) => x.deliveries.some((d) => d.destination === 'pacs' && d.attempts >= 2))!;
      expect(s.state).toBe('segmented');
      await orthanc.start();
      const done = await waitFor(list, (l) => l.find((x) => x.id === s.id)?.state === 'delivered', 120_000);
      expect(done.find((x) => x.id === s.id)!.deliveries.every((d) => d.state === 'delivered')).toBe(true);
      const study = parsePart10(readFileSync(path.join(tmp, 'synthetic-9', '0.dcm'))).dataset.string(
        Tag.StudyInstanceUID,
      )!;
      expect(await segsIn(study)).toHaveLength(1);
      expect(gw.events()).toContain('delivery-attempt-failed');
    }, 300_000);

    it('dead-letters a result the EHR refuses, and delivers it on replay', async () => {
      ehrRejects = true;
      expect((await storescu(gw, [syntheticCtDir(tmp, 10)], ['+sd', '+sp', '*'])).code).toBe(0);
      const isDead = (x: Status) => x.deliveries.some((d) => d.destination === 'ehr' && d.state === 'dead-letter');
      const l = await waitFor(list, (xs) => xs.some(isDead), 120_000);
      const s = l.find(isDead)!;
      expect(s.deliveries.find((d) => d.destination === 'ehr')).toMatchObject({
        state: 'dead-letter',
        errorCode: 'delivery/fhir-entry-failed',
        attempts: 1,
      });
      expect(s.state).toBe('segmented');
      expect((await gw.fetch(`/api/v1/series/${s.id}/deliveries/pacs/replay`, { method: 'POST' })).status).toBe(409);
      ehrRejects = false;
      expect((await gw.fetch(`/api/v1/series/${s.id}/deliveries/ehr/replay`, { method: 'POST' })).status).toBe(202);
      const done = await waitFor(list, (xs) => xs.find((x) => x.id === s.id)?.state === 'delivered', 60_000);
      expect(done.find((x) => x.id === s.id)!.deliveries.map((d) => d.state)).toEqual([
        'delivered',
        'delivered',
        'delivered',
      ]);
    }, 240_000);
  },
);

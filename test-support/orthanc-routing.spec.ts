/**
 * The harness options that change how the test PACS behaves towards Delineo: routing a whole series
 * on one association once it is stable, and refusing C-STORE from callers it does not know.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startOrthanc, type RunningOrthanc } from './orthanc';
import { dcmtk, describeWithOrthanc, startStorescp, type Storescp } from './orthanc-tools';

const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../shared/data');
const MR = path.join(SHARED_DATA, 'dcm_qa_nih/20180918GE/mr_0004');

describeWithOrthanc('test PACS options (real Orthanc)', ['storescp', 'storescu', 'echoscu', 'dcmdump'], () => {
  const series = readdirSync(MR)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .slice(0, 6)
    .map((f) => path.join(MR, f));
  let scp: Storescp;
  let pacs: RunningOrthanc;
  const storescu = (callingAet: string, files: string[]) =>
    dcmtk('storescu', ['-aec', pacs.aet, '-aet', callingAet, '127.0.0.1', String(pacs.dicomPort), ...files]);

  beforeAll(async () => {
    scp = await startStorescp('DELINEO');
    pacs = await startOrthanc({
      aet: 'HOSPITAL_PACS',
      modalities: {
        delineo: { aet: 'DELINEO', host: '127.0.0.1', port: scp.port },
        scanner: { aet: 'CT_SCANNER', host: '127.0.0.1', port: 1 },
      },
      autoRouteTo: 'delineo',
      routeOn: 'stable-series',
      knownCallersOnly: true,
    });
  });

  afterAll(async () => {
    await pacs?.dispose();
    await scp?.stop();
  });

  it('refuses C-STORE from a calling AE title it does not know', async () => {
    expect((await storescu('STRANGER', series.slice(0, 1))).code).not.toBe(0);
    expect((await pacs.count()).instances).toBe(0);
  });

  it('forwards a stable series as one store job (one association) to the routing target', async () => {
    expect((await storescu('CT_SCANNER', series)).code).toBe(0);
    await pacs.waitForForwarded(series.length);
    expect(await pacs.forwardProgress()).toEqual({
      jobs: 1,
      instancesSent: series.length,
      pendingJobs: 0,
      failures: [],
    });
    expect(scp.files()).toHaveLength(series.length);
  });

  it('reports a failed forward instead of waiting out its timeout when the target is down', async () => {
    await scp.stop();
    const late = readdirSync(MR)
      .filter((f) => f.endsWith('.dcm'))
      .sort()
      .slice(30, 31)
      .map((f) => path.join(MR, f));
    // A late instance makes the series unstable again; once stable, Orthanc routes it anew.
    expect((await storescu('CT_SCANNER', late)).code).toBe(0);
    await expect(pacs.waitForForwarded(series.length + 1, 60_000)).rejects.toThrow(/failures: .+/);
  });
});

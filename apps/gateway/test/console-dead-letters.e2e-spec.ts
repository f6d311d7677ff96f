/**
 * Console flow 5 (issue 15 "Tests"), as a signed-in operator in chromium: the PACS (a dcmtk
 * storescp) is stopped, a study sent with storescu is segmented in-process and its delivery is
 * dead-lettered (DELIVERY_ATTEMPTS=1); the Dead letters page lists it; the PACS is started again on
 * the same port, the operator clicks Replay, and the series' delivery becomes `delivered` with the
 * re-identified SEG in storescp's output directory. Screenshots: test-artifacts/console/<page>.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parsePart10, Tag } from '@delineo/dicom';
import { enrolledUser, signInOnPage } from '../../../test-support/console/accounts';
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { CHROMIUM, openConsole, screenshot, type ConsoleBrowser } from '../../../test-support/console/browser';
import { restartableStorescp, type RestartableStorescp } from '../../../test-support/console/storescp';
import { portAccepts } from '../../../test-support/ports';
import { describeWithTools, randomSecrets, startTestGateway, storescu, type TestGateway } from './harness';
import { syntheticCtDir } from './pipeline-fixtures';
import { waitFor } from './wait';

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

interface SeriesRow {
  id: string;
  state: string;
  deliveries: { destination: string; state: string }[];
}
interface FailedJob {
  id: string;
  seriesId?: string;
  destination?: string;
}

describeWithTools('console in chromium: a dead-lettered delivery replayed', ['storescu', 'storescp', CHROMIUM], () => {
  let gw: TestGateway;
  let cb: ConsoleBrowser;
  let page: Page;
  let pacs: RestartableStorescp;
  let seriesId: string;
  let jobId: string;
  const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-console-dl-'));
  const main = () => page.getByRole('navigation', { name: 'Main' });
  const seriesRows = async () =>
    ((await (await gw.fetch('/api/v1/series?limit=10')).json()) as { items: SeriesRow[] }).items;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    pacs = await restartableStorescp('DL-PACS');
    await pacs.start();
    gw = await startTestGateway({
      // One attempt: the first refused association dead-letters the delivery.
      env: { ...randomSecrets(), DELIVERY_ATTEMPTS: '1' },
      settings: {
        dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
        series: { quietPeriodSeconds: 3600 },
        destinations: [
          { name: 'pacs', type: 'dimse', aeTitle: pacs.aet, host: '127.0.0.1', port: pacs.port, allowPlaintext: true },
        ],
        routing: [{ name: 'ct-body', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] }],
      },
    });
    cb = await openConsole();
    page = cb.page;
    await signInOnPage(page, gw.http, await enrolledUser(gw.gw.app, 'console-operator', ['operator']));
  }, 300_000);
  afterAll(async () => {
    await cb?.close();
    await gw?.close();
    await pacs?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => expect(cb.faults).toEqual([]));

  it('dead-letters the delivery of a study segmented while the PACS is stopped', async () => {
    await pacs.stop();
    expect(await portAccepts(pacs.port)).toBe(false);
    const sent = await storescu(gw, [syntheticCtDir(tmp, 5, 12)], ['+sd', '+sp', '*.dcm']);
    expect(sent.code).toBe(0);
    const rows = await waitFor(
      seriesRows,
      (l) => l.length === 1 && l[0].deliveries.some((d) => d.state === 'dead-letter'),
      180_000,
    );
    expect(rows).toEqual([
      expect.objectContaining({ state: 'segmented', deliveries: [expect.objectContaining({ state: 'dead-letter' })] }),
    ]);
    seriesId = rows[0].id;
    const failed = (await (await gw.fetch('/api/v1/jobs/failed?name=deliver-result')).json()) as FailedJob[];
    expect(failed).toEqual([expect.objectContaining({ seriesId, destination: 'pacs' })]);
    jobId = failed[0].id;
    expect(pacs.files()).toEqual([]);
  }, 240_000);

  it('lists the dead letter for the operator, with its destination and reason, and counts a selection', async () => {
    await main().getByRole('link', { name: 'Dead letters' }).click();
    await page.getByRole('heading', { name: 'Dead letters', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Failed jobs' });
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Replay ${jobId}` }) });
    await row.waitFor();
    expect(await table.getByRole('row').count()).toBe(2); // the header and this job
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(seriesId.slice(0, 8));
    expect(text).toMatch(/ pacs — 1 delivery\/network: /); // destination, no model, attempts, coded reason
    await page.getByRole('checkbox', { name: `Select ${jobId}` }).check();
    await page.getByRole('button', { name: 'Replay selected (1)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Replay selected (1)' }).isEnabled()).toBe(true);
    await screenshot(page, 'dead-letters');
  });

  it('replays it once the PACS is back: the delivery becomes delivered and the PACS holds the SEG', async () => {
    await pacs.start();
    await page.getByRole('button', { name: `Replay ${jobId}` }).click();
    await page.getByRole('status').filter({ hasText: 'Replayed 1' }).waitFor();
    const rows = await waitFor(seriesRows, (l) => l[0]?.deliveries[0]?.state === 'delivered', 120_000);
    expect(rows[0].deliveries).toEqual([expect.objectContaining({ destination: 'pacs', state: 'delivered' })]);
    expect(rows[0].state).toBe('delivered');
    const received = pacs.files();
    expect(received).toHaveLength(1);
    const seg = parsePart10(readFileSync(received[0])).dataset;
    expect(seg.string(Tag.SOPClassUID)).toBe(SEGMENTATION_STORAGE);
    expect(seg.string(Tag.PatientID)).toBe('PID-SYN-5'); // re-identified for the hospital's PACS
    await page.getByText('No dead letters.').waitFor();
    expect(await page.getByRole('button', { name: `Replay ${jobId}` }).count()).toBe(0);
    await screenshot(page, 'dead-letters-replayed');
  }, 180_000);

  it('shows the delivery as delivered on the series detail page', async () => {
    await page.goto(`${gw.http}/series/${seriesId}`);
    await page.getByRole('heading', { name: `Series ${seriesId.slice(0, 8)}`, level: 1 }).waitFor();
    const row = page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'pacs' });
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/^pacs delivered /);
    expect(await page.getByRole('button', { name: 'Replay to pacs' }).isDisabled()).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'series-detail-delivered');
  });
});

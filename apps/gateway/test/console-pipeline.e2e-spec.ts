/**
 * Console flows 3 and 4 (issue 15 "Tests"), as a signed-in admin in chromium: a routing dry run
 * on a real CT file from the shared data (evaluated in memory, answered with criteria only), and
 * a study sent with storescu watched on the open dashboard as it reaches `segmented` over the live
 * feed (SSE; the page is never reloaded), then found in the series list and its detail page.
 * Screenshots: test-artifacts/console/<page>.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { enrolledUser, signInOnPage } from '../../../test-support/console/accounts';
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { CHROMIUM, HANG, openConsole, screenshot, type ConsoleBrowser } from '../../../test-support/console/browser';
import { describeWithTools, randomSecrets, shared, startTestGateway, storescu, type TestGateway } from './harness';
import { syntheticCtDir } from './pipeline-fixtures';

describeWithTools(
  'console in chromium: routing dry run, a study reaching segmented live',
  ['storescu', CHROMIUM],
  () => {
    let gw: TestGateway;
    let cb: ConsoleBrowser;
    let page: Page;
    const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-console-'));
    const main = () => page.getByRole('navigation', { name: 'Main' });

    beforeAll(async () => {
      await ensureConsoleBuilt();
      gw = await startTestGateway({
        env: randomSecrets(),
        settings: {
          dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
          series: { quietPeriodSeconds: 3600 },
          routing: [
            { name: 'mr-brain', match: { modality: 'MR' }, model: 'ct-body' },
            { name: 'ct-body', match: { modality: 'CT' }, model: 'ct-body' },
          ],
        },
      });
      cb = await openConsole();
      page = cb.page;
      await signInOnPage(page, gw.http, await enrolledUser(gw.gw.app, 'console-admin', ['admin']));
    }, 300_000);
    afterAll(async () => {
      await cb?.close();
      await gw?.close();
      rmSync(tmp, { recursive: true, force: true });
    });
    afterEach(() => expect(cb.faults).toEqual([]));

    it('dry-runs the routing rules on a CT file: which rule matches and why, no value from the file', async () => {
      await main().getByRole('link', { name: 'Routing rules' }).click();
      await page.getByRole('heading', { name: 'Routing rules', level: 1 }).waitFor();
      await page.getByLabel('DICOM file').setInputFiles(shared('pydicom-debian/CT_small.dcm'));
      await page.getByRole('button', { name: 'Dry run', exact: true }).click();
      const result = page.getByRole('status', { name: 'Dry run result' });
      await result.waitFor();
      expect(await result.innerText()).toMatch(/Matches rule ct-body: model ct-body/);
      const rows = await result.getByRole('table', { name: 'Rules evaluated' }).getByRole('row').allInnerTexts();
      expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringMatching(/^Rule Matched Criteria/),
        expect.stringMatching(/^mr-brain no ✗ modality = MR/),
        expect.stringMatching(/^ct-body yes ✓ modality = CT/),
      ]);
      expect(await result.innerText()).not.toMatch(/CompressedSamples|1\.3\.6\.1\.4\.1\.5962/); // CT_small's name and UID root
      await screenshot(page, 'routing-dry-run');
    });

    it('shows a study sent with storescu reaching segmented on the open dashboard, live', async () => {
      await main().getByRole('link', { name: 'Dashboard' }).click();
      await page.getByText('Live: updates as the pipeline moves.').waitFor();
      const sent = await storescu(gw, [syntheticCtDir(tmp, 1, 12)], ['+sd', '+sp', '*.dcm']);
      expect(sent.code).toBe(0);
      // The series event names the series (its id's first 8 characters) and its new state.
      await page.getByText(/Latest transition: [0-9a-f]{8} → segmented/).waitFor({ timeout: HANG });
      const segmented = page.getByRole('row', { name: /^segmented/ });
      await segmented.getByRole('cell', { name: '1', exact: true }).waitFor({ timeout: HANG }); // the next stats event
      await screenshot(page, 'dashboard-live');
    });

    it('lists the series as segmented and opens its detail page: stages, volumes', async () => {
      await main().getByRole('link', { name: 'Series', exact: true }).click();
      // The dashboard also has a "segmented" row: wait for the list itself before reading rows.
      await page.getByRole('heading', { name: 'Series', exact: true, level: 1 }).waitFor();
      const row = page
        .getByRole('row')
        .filter({ hasText: 'segmented' })
        .filter({ has: page.getByRole('link') });
      await row.first().waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'CT' }).count()).toBe(1);
      await screenshot(page, 'series-list');
      await row.first().getByRole('link').click();
      await page.getByRole('heading', { name: /^Series [0-9a-f]{8}$/, level: 1 }).waitFor();
      await page.getByRole('table', { name: 'Volumes' }).waitFor();
      await screenshot(page, 'series-detail');
    });
  },
);

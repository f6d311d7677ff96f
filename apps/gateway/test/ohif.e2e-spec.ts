/**
 * OHIF 3 (npm @ohif/app's prebuilt dist/, served on loopback) in Debian's chromium, on a gateway
 * whose archive holds a CT study with its SEG and an MR study: the study list, the Modality filter
 * (OHIF sends ModalitiesInStudy=CT, which once answered 500), a rendered image, and the SEG overlay
 * in the colour the SEG recommends. Screenshots go to test-artifacts/ohif/. Every wait is on a
 * condition (a row, a response, pixels), bounded only to end a hang.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dicomLabToRgb } from '@delineo/seg';
import { CHROMIUM, openOhif, saveArtifact, type OhifBrowser } from '../../../test-support/ohif/driver';
import { ohifCtDir, ohifModelsDir, OHIF_MODEL } from '../../../test-support/ohif/fixture';
import { colourFraction, greyImageFraction, type Rgb } from '../../../test-support/ohif/pixels';
import { startOhif, type OhifServer } from '../../../test-support/ohif/server';
import { dicomweb, first, items, storeWithClient, type Json } from './dicomweb-client';
import { describeWithTools, randomSecrets, shared, startTestGateway, storescu, type TestGateway } from './harness';
import { waitFor } from './wait';

const HANG = 90_000; // bounds a wait that should take seconds; never a timing assertion
const uid = (o: Json, tag = '0020000D'): string => String(first(o, tag));
const patient = (o: Json): string => String((first(o, '00100010') as { Alphabetic?: string })?.Alphabetic);

describeWithTools('OHIF 3 in chromium on the gateway', ['storescu', CHROMIUM], () => {
  let gw: TestGateway;
  let ohif: OhifServer;
  let browser: OhifBrowser;
  let page: Page;
  let ct: { study: string; patient: string };
  let mr: { study: string; patient: string };
  let segColours: Rgb[];
  let segLabels: string[];
  const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-ohif-'));
  const models = ohifModelsDir();

  /** Screenshot of the one viewport (its canvas and the overlays drawn on it). */
  const viewport = (): Promise<Buffer> => page.locator('[data-cy="viewport-pane"]').first().screenshot();

  beforeAll(async () => {
    let gatewayHttp = '';
    ohif = await startOhif(() => gatewayHttp);
    gw = await startTestGateway({
      env: { ...randomSecrets(), MODELS_DIR: models },
      settings: {
        dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
        series: { quietPeriodSeconds: 3600 },
        http: { corsOrigins: [ohif.origin] },
        routing: [{ name: 'ct', match: { modality: 'CT' }, model: OHIF_MODEL }],
      },
    });
    gatewayHttp = gw.http;
    // The CT by C-STORE (its association release completes the series), segmented into a SEG.
    expect((await storescu(gw, [ohifCtDir(tmp)], ['+sd', '+sp', '*'])).code).toBe(0);
    const client = dicomweb(gw.http);
    const withSeg = await waitFor(
      () => client.searchForStudies(),
      (s) => s.some((x) => ((x['00080061'] as { Value?: string[] })?.Value ?? []).includes('SEG')),
      HANG,
    );
    const ctStudy = withSeg.find((x) => ((x['00080061'] as { Value?: string[] })?.Value ?? []).includes('SEG'));
    if (!ctStudy) throw new Error(`no SEG in the archive: ${JSON.stringify(withSeg).slice(0, 500)}`);
    ct = { study: uid(ctStudy), patient: patient(ctStudy) };
    // The SEG's segments and their Recommended Display CIELab Values (PS3.3 §C.8.20.2), by WADO-RS.
    const series = await client.searchForSeries({ studyInstanceUID: ct.study });
    const seg = series.find((s) => first(s, '00080060') === 'SEG')!;
    const [segInstance] = await client.searchForInstances({
      studyInstanceUID: ct.study,
      seriesInstanceUID: uid(seg, '0020000E'),
    });
    const [meta] = await client.retrieveInstanceMetadata({
      studyInstanceUID: ct.study,
      seriesInstanceUID: uid(seg, '0020000E'),
      sopInstanceUID: uid(segInstance, '00080018'),
    });
    segLabels = items(meta, '00620002').map((s) => String(first(s, '00620005')));
    segColours = items(meta, '00620002').map(
      (s) => dicomLabToRgb((s['0062000D'] as { Value: number[] }).Value as [number, number, number]) as Rgb,
    );
    // A second study, MR, by STOW-RS: the Modality filter must leave it out.
    const stored = await storeWithClient(gw.http, [readFileSync(shared('pydicom-debian/MR_small.dcm'))]);
    expect(stored.status).toBe(202);
    const mrStudy = (await client.searchForStudies()).find((s) => uid(s) !== ct.study)!;
    mr = { study: uid(mrStudy), patient: patient(mrStudy) };
    browser = await openOhif(gw.http, gw.token);
    page = browser.page;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ohif?.close();
    await gw?.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(models, { recursive: true, force: true });
  });

  /** No request to the gateway failed during this test; when one did, the page's console errors come with it. */
  let seen = 0;
  beforeEach(() => (seen = browser?.problems.length ?? 0));
  const noGatewayErrors = () => {
    const errors = browser.problems.slice(seen);
    expect({ errors, console: errors.length ? browser.consoleErrors : [] }).toEqual({ errors: [], console: [] });
  };
  const rows = () => page.locator('tbody tr[aria-selected]'); // study rows; the filter row has no selection state
  const rowTexts = async () => (await rows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('lists both studies in the study list', async () => {
    await page.goto(`${ohif.origin}/`);
    await rows().filter({ hasText: ct.patient }).first().waitFor({ timeout: HANG });
    await rows().filter({ hasText: mr.patient }).first().waitFor({ timeout: HANG });
    saveArtifact('list.png', await page.screenshot());
    const texts = await rowTexts();
    expect(texts).toHaveLength(2);
    expect(texts.find((t) => t.includes(ct.patient))).toMatch(/CT\\SEG/);
    expect(texts.find((t) => t.includes(mr.patient))).toMatch(/\bMR\b/);
    noGatewayErrors();
  }, 180_000);

  it('narrows the list with the Modality filter (QIDO ModalitiesInStudy=CT answers 200)', async () => {
    const answered = page.waitForResponse((r) => r.url().includes('ModalitiesInStudy=CT'), { timeout: HANG });
    await page.getByRole('combobox', { name: 'Filter Modalities' }).click();
    await page.getByRole('option', { name: 'CT', exact: true }).click();
    expect((await answered).status()).toBe(200);
    const texts = await waitFor(rowTexts, (t) => t.length === 1, HANG);
    await page.keyboard.press('Escape');
    saveArtifact('filter.png', await page.screenshot());
    expect(texts).toEqual([expect.stringContaining(ct.patient)]);
    noGatewayErrors();
  }, 180_000);

  it('opens the CT study and renders an image', async () => {
    await page.goto(`${ohif.origin}/viewer?StudyInstanceUIDs=${ct.study}`);
    await page.locator('canvas.cornerstone-canvas').first().waitFor({ timeout: HANG });
    // The phantom's soft-tissue ellipse is most of the slice; grey pixels mean it was drawn.
    await waitFor(viewport, (png) => greyImageFraction(png) > 0.15, HANG);
    saveArtifact('image.png', await page.screenshot());
    const png = await viewport();
    expect(greyImageFraction(png)).toBeGreaterThan(0.15);
    for (const c of segColours) expect(colourFraction(png, c)).toBeLessThan(0.001); // no overlay yet
    noGatewayErrors();
  }, 180_000);

  it('loads the SEG as an overlay in the colours the SEG recommends', async () => {
    expect(segColours.length).toBeGreaterThan(0);
    await page.locator('[data-cy="study-browser-thumbnail-no-image"]', { hasText: 'SEG' }).first().dblclick();
    const yes = page.locator('[data-cy="yes-hydrate-btn"]');
    await yes.click({ timeout: HANG });
    await yes.waitFor({ state: 'detached', timeout: HANG });
    // Label 1 (the body ellipse) covers most of the slice, in its colour.
    const [body, spine] = segColours;
    await waitFor(viewport, (png) => colourFraction(png, body) > 0.1, HANG);
    saveArtifact('seg-overlay.png', await page.screenshot());
    const png = await viewport();
    expect(colourFraction(png, body)).toBeGreaterThan(0.1);
    // Label 2 (the spine, a small disc) in its own colour.
    expect(colourFraction(png, spine)).toBeGreaterThan(0.0005);
    // Loaded, not only previewed: the segmentation panel lists the SEG's segments by label.
    await page.locator('[data-cy="panelSegmentation-btn"]').click();
    for (const label of segLabels) await page.getByText(label, { exact: true }).first().waitFor({ timeout: HANG });
    noGatewayErrors();
  }, 180_000);
});

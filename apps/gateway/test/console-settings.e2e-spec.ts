/**
 * Console flows 2 and 6 (issue 15 "Tests"), as a signed-in admin in chromium: a routing rule
 * added on the Routing rules page is saved as a new settings version (checked through the API)
 * and shown after a reload; a save based on a stale version (the settings changed through the
 * API meanwhile) shows the API's 409 problem and a Reload button; on the Settings history page a
 * version's changes are shown and an older version is restored as a new version (origin
 * `restore`). Screenshots: test-artifacts/console/<page>.png.
 */
import type { Page } from 'playwright-core';
import { enrolledUser, signInOnPage } from '../../../test-support/console/accounts';
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { CHROMIUM, openConsole, screenshot, type ConsoleBrowser } from '../../../test-support/console/browser';
import { describeWithTools, randomSecrets, startTestGateway, type TestGateway } from './harness';
import { apiAs, sessionsFor } from './settings-helpers';

const dimse = (name: string, port: number) => ({
  name,
  type: 'dimse',
  aeTitle: name.toUpperCase(),
  host: '127.0.0.1',
  port,
  allowPlaintext: true,
});
const SEED_RULE = { name: 'ct-body', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] };
const NEW_RULE = {
  name: 'ct-chest',
  match: { modality: 'CT', seriesDescription: '/chest/i' },
  model: 'ct-body',
  deliverTo: ['archive'],
};

describeWithTools('console in chromium: routing rule editing, save conflicts, settings history', [CHROMIUM], () => {
  let gw: TestGateway;
  let cb: ConsoleBrowser;
  let page: Page;
  let api: ReturnType<typeof apiAs>;
  const main = () => page.getByRole('navigation', { name: 'Main' });
  const rule = (n: number) => page.getByRole('group', { name: new RegExp(`^Rule ${n}:`) });
  const current = async () => (await api('admin', 'GET', '/api/v1/settings')).body;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    gw = await startTestGateway({
      env: randomSecrets(),
      settings: {
        dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
        series: { quietPeriodSeconds: 3600 },
        destinations: [dimse('pacs', 11112), dimse('archive', 11113)],
        routing: [SEED_RULE],
      },
    });
    api = apiAs(gw, await sessionsFor(gw, 'settings-api', ['admin']));
    cb = await openConsole();
    page = cb.page;
    await signInOnPage(page, gw.http, await enrolledUser(gw.gw.app, 'console-admin', ['admin']));
  }, 300_000);
  afterAll(async () => {
    await cb?.close();
    await gw?.close();
  });
  afterEach(() => expect(cb.faults).toEqual([]));

  it('adds a routing rule on the page and saves it as a new settings version', async () => {
    await main().getByRole('link', { name: 'Routing rules' }).click();
    await page.getByRole('heading', { name: 'Routing rules', level: 1 }).waitFor();
    await page.getByText(/^Version 1 by system/).waitFor();
    expect(await rule(2).count()).toBe(0);
    await screenshot(page, 'routing-rules');

    await page.getByRole('button', { name: 'Add rule' }).click();
    await rule(2).getByLabel('Rule name').fill(NEW_RULE.name);
    await rule(2).getByLabel('Model').fill(NEW_RULE.model);
    await rule(2).getByLabel('Modality').fill(NEW_RULE.match.modality);
    await rule(2).getByLabel('Series description').fill(NEW_RULE.match.seriesDescription);
    await rule(2).getByRole('checkbox', { name: 'Deliver to archive' }).check();
    await page.getByLabel('Change comment').fill('chest CTs to the archive');
    await screenshot(page, 'routing-rule-add');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();

    const saved = await current();
    expect(saved).toMatchObject({ version: 2, origin: 'console', author: 'console-admin' });
    expect(saved.comment).toBe('chest CTs to the archive');
    expect(saved.settings.routing).toEqual([SEED_RULE, NEW_RULE]);
    const v2 = await api('admin', 'GET', '/api/v1/settings/versions/2');
    expect(v2.body.diff).toEqual([{ path: 'routing[1]', after: NEW_RULE }]);
  });

  it('shows the saved rule after a reload', async () => {
    await page.reload();
    await page.getByText(/^Version 2 by console-admin/).waitFor();
    expect(await rule(2).getByLabel('Rule name').inputValue()).toBe(NEW_RULE.name);
    expect(await rule(2).getByLabel('Series description').inputValue()).toBe(NEW_RULE.match.seriesDescription);
    expect(await rule(2).getByRole('checkbox', { name: 'Deliver to archive' }).isChecked()).toBe(true);
    expect(await rule(2).getByRole('checkbox', { name: 'Deliver to pacs' }).isChecked()).toBe(false);
    await screenshot(page, 'routing-rule-saved');
  });

  it('refuses a save from a page whose version is stale: the 409 problem and a Reload button', async () => {
    await rule(2).getByLabel('Modality').fill('MR');
    const { settings } = await current();
    const elsewhere = {
      ...settings,
      dimse: { allowedCallers: [...settings.dimse.allowedCallers, { aeTitle: 'NEW-SCU' }] },
    };
    const put = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: 2, settings: elsewhere, comment: 'api' });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(3);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone else saved first' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('version 2 is not the latest (3 is)'); // the API's problem detail
    await screenshot(page, 'settings-conflict');
    expect((await current()).version).toBe(3);

    await alert.getByRole('button', { name: 'Reload' }).click();
    await page.getByText(/^Version 3 by settings-api-admin/).waitFor();
    expect(await rule(2).getByLabel('Modality').inputValue()).toBe('CT'); // their version, not the lost edit
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('shows a version’s changes on the Settings history page', async () => {
    await main().getByRole('link', { name: 'Settings history' }).click();
    await page.getByRole('heading', { name: 'Settings history', level: 1 }).waitFor();
    const versions = page.getByRole('table', { name: 'Settings versions' });
    await versions.getByRole('button', { name: 'Show changes of version 1' }).waitFor();
    expect(await versions.getByRole('row').count()).toBe(4); // the header and versions 3, 2, 1
    expect(await versions.getByRole('button', { name: 'Restore version 3' }).count()).toBe(0); // the current one

    await versions.getByRole('button', { name: 'Show changes of version 2' }).click();
    const changes = page.getByRole('table', { name: 'Changes' });
    const row = changes.getByRole('row').filter({ hasText: 'routing[1]' });
    await row.waitFor();
    expect(await changes.getByRole('row').count()).toBe(2);
    expect(await row.innerText()).toContain('"name":"ct-chest"');
    await screenshot(page, 'settings-history');
  });

  it('restores version 1 as a new version with origin restore', async () => {
    const versions = page.getByRole('table', { name: 'Settings versions' });
    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored as version 4.' }).waitFor();
    await versions.getByRole('button', { name: 'Show changes of version 4' }).waitFor();

    const restored = await current();
    expect(restored).toMatchObject({ version: 4, origin: 'restore', restoredFrom: 1, author: 'console-admin' });
    const seed = (await api('admin', 'GET', '/api/v1/settings/versions/1')).body;
    expect(restored.settings).toEqual(seed.settings);
    expect(restored.settings.routing).toEqual([SEED_RULE]);
    const list = await api('admin', 'GET', '/api/v1/settings/versions?limit=1');
    expect(list.body.items).toEqual([expect.objectContaining({ version: 4, origin: 'restore' })]);

    await versions.getByRole('button', { name: 'Show changes of version 4' }).click();
    await page.getByText('— “restored version 1”').waitFor(); // version 4's own answer, not version 2's
    const changes = page.getByRole('table', { name: 'Changes' });
    const rows = (await changes.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      'Setting Before After',
      expect.stringMatching(/^dimse\.allowedCallers\[1\] \{.*"aeTitle":"NEW-SCU".*\} —$/),
      expect.stringMatching(/^routing\[1\] \{"name":"ct-chest",.* —$/),
    ]);
    await screenshot(page, 'settings-restored');

    await main().getByRole('link', { name: 'Routing rules' }).click();
    await page.getByText(/^Version 4 by console-admin/).waitFor();
    expect(await rule(1).getByLabel('Rule name').inputValue()).toBe(SEED_RULE.name);
    expect(await rule(2).count()).toBe(0);
  });
});

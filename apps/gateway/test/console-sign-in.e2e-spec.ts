/**
 * Console flow 1 (issue 15 "Tests"): a fresh gateway's generated admin signs in through the
 * console for the first time (new password, TOTP enrolment from the secret the page shows,
 * recovery codes), signs out, and signs in again with password and a TOTP code computed from that
 * secret; a wrong code shows the API's problem text. Then the dashboard and the series list, also
 * loaded straight from a client-side URL. Screenshots: test-artifacts/console/<page>.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { base32Decode, totp, totpStep } from '@delineo/auth';
import { nextCode, signInOnPage, type LocalUser } from '../../../test-support/console/accounts';
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { CHROMIUM, openConsole, screenshot, type ConsoleBrowser } from '../../../test-support/console/browser';
import { describeWithTools, startTestGateway, type TestGateway } from './harness';

describeWithTools('console in chromium: sign-in, dashboard, series', [CHROMIUM], () => {
  let gw: TestGateway;
  let cb: ConsoleBrowser;
  let page: Page;
  let admin: LocalUser;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    gw = await startTestGateway();
    cb = await openConsole();
    page = cb.page;
  }, 300_000);
  afterAll(async () => {
    await cb?.close();
    await gw?.close();
  });
  afterEach(() => expect(cb.faults).toEqual([]));

  it('shows a visitor the sign-in page: SSO buttons and the local form', async () => {
    await page.goto(`${gw.http}/`);
    await page.getByRole('heading', { name: 'Sign in to Delineo' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with SAML' }).getAttribute('href')).toMatch(/^\/auth\/saml\//);
    expect(await page.getByRole('link', { name: 'Sign in with OpenID Connect' }).getAttribute('href')).toMatch(
      /^\/auth\/oidc\//,
    );
    for (const label of ['Username', 'Authentication code']) expect(await page.getByLabel(label).count()).toBe(1);
    await screenshot(page, 'sign-in');
  });

  it('takes the generated admin through the first sign-in: new password, TOTP enrolment, recovery codes', async () => {
    const initial = readFileSync(path.join(gw.dataDir, 'secrets', 'admin-initial-password'), 'utf8').trim();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(initial);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await screenshot(page, 'password-change');
    const password = `console admin ${Date.now()} passphrase`;
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat new password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('button', { name: 'Start enrolment' }).click();
    await page.getByRole('img', { name: 'TOTP QR code' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    await screenshot(page, 'totp-enrolment');
    const now = new Date();
    await page.getByLabel('Authentication code').fill(totp(base32Decode(secret), now));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await screenshot(page, 'recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    admin = { username: 'admin', password, secret, lastStep: totpStep(now) };
  });

  it('refuses a wrong TOTP code with the API problem text, then signs in with the right one', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Delineo' }).waitFor();
    await page.getByLabel('Username').fill(admin.username);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    const wrong = (await nextCode(admin)).replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    await page.getByLabel('Authentication code').fill(wrong);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('wrong username, password or code');
    await signInOnPage(page, gw.http, admin);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  it('shows the dashboard, connected to the live feed', async () => {
    await page.getByText('Live: updates as the pipeline moves.').waitFor();
    expect(await page.getByRole('table').getByRole('rowheader').allInnerTexts()).toEqual(
      expect.arrayContaining(['received', 'segmented', 'failed']),
    );
    await screenshot(page, 'dashboard');
  });

  it('opens the series list from the navigation and straight from its URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Series', exact: true }).click();
    await page.getByRole('heading', { name: 'Series', level: 1 }).waitFor();
    await screenshot(page, 'series');
    await page.goto(`${gw.http}/series`);
    await page.getByRole('heading', { name: 'Series', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/series');
  });
});

/**
 * Debian's chromium (/usr/bin/chromium), headless, driven by playwright-core: nothing downloaded.
 * Flags from shared/TESTBED.md: `--no-sandbox` (root in CI), SwiftShader for OHIF's WebGL.
 *
 * Credentials. The gateway wants a bearer token on every DICOMweb request. A deployed OHIF gets it
 * from its OIDC login (userAuthenticationService.getAuthorizationHeader); this test has no IdP, so
 * the driver adds `Authorization: Bearer …` to every request for the gateway's origin with
 * page.route. That leaves OHIF's code and config untouched, the header reaches only the gateway
 * (never the static server), and the CORS preflight (OPTIONS, no credentials) is still the
 * browser's own, so the gateway's CORS settings are exercised for real.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DELINEO_CHROMIUM ?? '/usr/bin/chromium';

export interface OhifBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Gateway responses with a status ≥ 400 (the tests assert there are none). */
  problems: string[];
  /** The page's console errors: context for a failure, never asserted (the app logs its own noise). */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openOhif(gatewayHttp: string, token: string): Promise<OhifBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const gateway = new URL(gatewayHttp).origin;
  await context.route(
    (url) => url.origin === gateway,
    (route) => {
      const req = route.request();
      if (req.method() === 'OPTIONS') return route.continue();
      return route.continue({ headers: { ...req.headers(), authorization: `Bearer ${token}` } });
    },
  );
  // OHIF's onboarding tour (shepherd) dims the viewer until dismissed; it skips tours listed here.
  await context.addInitScript({ content: `localStorage.setItem('shownTours', '["basicViewerTour"]');` });
  const page = await context.newPage();
  // A 2-vCPU CI machine loads OHIF's bundles and codecs slowly: these bound hangs, not speed.
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(90_000);
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300));
  });
  page.on('response', (r) => {
    if (r.url().startsWith(gateway) && r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return {
    browser,
    context,
    page,
    problems,
    consoleErrors,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Saves a PNG under test-artifacts/ohif/ (CI keeps it) and returns its bytes. */
export function saveArtifact(name: string, png: Buffer): Buffer {
  const dir = path.resolve(__dirname, '../../test-artifacts/ohif');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), png);
  return png;
}

/**
 * The console in Debian's chromium (/usr/bin/chromium, headless, driven by playwright-core; nothing
 * downloaded), at 1280×800 — the size the issue asks the console to be usable at, and the size of
 * the screenshots each flow saves under test-artifacts/console/ (CI keeps them; docs/console/ holds
 * copies). The page signs in like a person: session cookie and CSRF token, no bearer token.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../ohif/driver';

export { CHROMIUM };
export const VIEWPORT = { width: 1280, height: 800 };
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/console');
/** Bounds a wait that should take seconds on a 2-vCPU machine; never a timing assertion. */
export const HANG = 60_000;

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Gateway answers ≥ 500, and CSP violations the browser reported (the tests assert none). */
  faults: string[];
  close(): Promise<void>;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function openConsole(): Promise<ConsoleBrowser> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(HANG);
  page.setDefaultNavigationTimeout(HANG);
  const faults: string[] = [];
  page.on('console', (m) => {
    // Chromium reports every blocked script, style, image or connection as a console error.
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
      faults.push(`CSP: ${m.text().slice(0, 300)}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) faults.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return {
    browser,
    context,
    page,
    faults,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Saves the viewport (1280×800) as test-artifacts/console/<name>.png once the page is idle. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  await page.waitForLoadState('networkidle').catch(() => undefined); // an open SSE stream never idles
  const png = await page.screenshot({ fullPage: false, animations: 'disabled' });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.png`), png);
  return png;
}

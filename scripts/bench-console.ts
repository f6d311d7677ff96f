/**
 * npm run bench:console — the console's first load on loopback (issue 15 "Performance": target
 * < 1 s), next to a peer measured the same way in the same run: the OHIF 3 viewer (npm @ohif/app's
 * prebuilt dist/, served by test-support/ohif as the OHIF e2e does) on the same gateway.
 *
 * The gateway runs as its own process (embedded defaults, as `npm start`), so the browser driver's
 * work in this process does not slow its answers. Each load is cold: a fresh browser context (empty
 * cache, no cookie) in Debian's headless chromium. A load counts from navigation start (the page's
 * performance.timeOrigin) until the page is rendered (the console's sign-in heading, OHIF's study
 * list: seen in the page by a MutationObserver, not by the driver's polling) and idle (no request
 * for 500 ms): the later of render, the load event and the last response's end. Transferred bytes
 * are the document's and every resource's transferSize. Prints p50/p95; asserts nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../test-support/console/build-console';
import { launchChromium, VIEWPORT } from '../test-support/console/browser';
import { startGatewayProcess } from '../test-support/gateway-process';
import { startOhif } from '../test-support/ohif/server';

const LOADS = Number(process.env.BENCH_LOADS ?? 20);
const HANG = 60_000; // bounds a hung load; never part of the figure

interface Load {
  ms: number;
  bytes: number;
  requests: number;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/**
 * Records in the page when an element matching `selector` (with `text`, if given) is first in the
 * DOM. A string, not a function: tsx's compiled functions call helpers the page does not have.
 */
const watchRender = (selector: string, text: string): string => `
  new MutationObserver((_m, o) => {
    const hit = [...document.querySelectorAll(${JSON.stringify(selector)})]
      .some((e) => (e.textContent || '').includes(${JSON.stringify(text)}));
    if (hit) { window.renderedAt = performance.now(); o.disconnect(); }
  }).observe(document, { childList: true, subtree: true, characterData: true });`;

/** One cold load of `url`, rendered when `selector` (with `text`) is in the page. */
async function coldLoad(browser: Browser, url: string, selector: string, text = ''): Promise<Load> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await context.addInitScript({ content: watchRender(selector, text) });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(HANG);
    await page.goto(url, { waitUntil: 'load', timeout: HANG });
    await page.waitForFunction(() => 'renderedAt' in globalThis, undefined, { timeout: HANG });
    await page.waitForLoadState('networkidle', { timeout: HANG });
    return await page.evaluate(() => {
      // Runs in the page; the project compiles without the DOM library, so the types are local.
      type Timing = { transferSize: number; responseEnd: number; loadEventEnd: number };
      const g = globalThis as unknown as { renderedAt: number; performance: { getEntriesByType(t: string): Timing[] } };
      const nav = g.performance.getEntriesByType('navigation')[0];
      const res = g.performance.getEntriesByType('resource');
      const last = Math.max(nav.loadEventEnd, ...res.map((r) => r.responseEnd));
      return {
        ms: Math.max(g.renderedAt, last),
        bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0),
        requests: 1 + res.length,
      };
    });
  } finally {
    await context.close();
  }
}

async function measure(browser: Browser, name: string, url: string, selector: string, text?: string) {
  await coldLoad(browser, url, selector, text); // warms the server's file cache and the browser, not counted
  const loads: Load[] = [];
  for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, url, selector, text));
  const t = loads.map((l) => l.ms);
  const kb = (loads.reduce((n, l) => n + l.bytes, 0) / loads.length / 1024).toFixed(0);
  console.log(
    `${name.padEnd(34)} p50 ${pct(t, 50).toFixed(0).padStart(5)} ms  p95 ${pct(t, 95).toFixed(0).padStart(5)} ms  ` +
      `${kb} KiB in ${loads[0].requests} requests`,
  );
  return { p50: pct(t, 50), p95: pct(t, 95) };
}

async function main(): Promise<void> {
  await ensureConsoleBuilt();
  let gatewayHttp = '';
  const ohif = await startOhif(() => gatewayHttp);
  const gw = await startGatewayProcess({
    env: { LOG_LEVEL: 'warn' },
    settings: { series: { quietPeriodSeconds: 3600 }, http: { corsOrigins: [ohif.origin] } },
  });
  gatewayHttp = gw.http;
  const browser = await launchChromium();
  try {
    console.log(`console first load, ${LOADS} cold loads each (fresh context), loopback, headless chromium`);
    const consoleFig = await measure(browser, 'Delineo console (sign-in page)', `${gw.http}/`, 'h1', 'Sign in');
    // OHIF's study list: its table (empty here: the list's QIDO has no credentials), then idle.
    const ohifFig = await measure(browser, 'OHIF 3 viewer (study list)', `${ohif.origin}/`, 'table');
    console.log(
      `console / OHIF: p50 ${(consoleFig.p50 / ohifFig.p50).toFixed(2)}, p95 ${(consoleFig.p95 / ohifFig.p95).toFixed(2)}` +
        `  (target: console p95 < 1000 ms${consoleFig.p95 < 1000 ? ', met' : ', NOT met'})`,
    );
  } finally {
    await browser.close();
    await ohif.close();
    await gw.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Checks behind the console's quality bar (issue 15): what a page holds (its HTML with every
 * attribute, form values, storage and the JSON it fetched) for the privacy sweep; each control's
 * accessible name, from the sources WAI-ARIA "accname 1.2" §4.3 ranks and the console uses
 * (aria-labelledby, aria-label, <label>, content for buttons and links); and sideways overflow at
 * 1280×800. The Tab order walk is in tab-walk.ts.
 */
import type { Page } from 'playwright-core';

/** The little of the DOM the in-page checks read: the root tsconfig has no DOM library. */
export interface PageElement {
  tagName: string;
  outerHTML: string;
  textContent: string | null;
  tabIndex: number;
  isConnected: boolean;
  disabled?: boolean;
  type?: string;
  name?: string;
  value?: string;
  alt?: string;
  labels?: ArrayLike<PageElement> | null;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getClientRects(): { length: number };
  getBoundingClientRect(): { width: number; height: number; left: number; right: number; top: number; bottom: number };
}
export interface PageGlobals {
  document: {
    activeElement: PageElement | null;
    body: PageElement;
    title: string;
    documentElement: { scrollWidth: number };
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): (PageElement & { scrollWidth: number; clientWidth: number }) | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  innerWidth: number;
  innerHeight: number;
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  getComputedStyle(e: PageElement): { visibility: string };
}

/** What a page fetched, kept from the moment this is attached. */
export interface PageTraffic {
  /** The JSON bodies it received. */
  bodies: { url: string; text: string }[];
  /** Resolves once no request other than the live feed (SSE) has been in flight for a moment. */
  quiet(): Promise<void>;
}

const QUIET_MS = 300;
const QUIET_LIMIT_MS = 60_000; // bounds a hang; never a timing assertion

export function watchTraffic(page: Page): PageTraffic {
  const bodies: PageTraffic['bodies'] = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const live = (url: string) => new URL(url).pathname === '/api/v1/events'; // never ends
  const count = (delta: 1 | -1) => {
    inFlight = Math.max(0, inFlight + delta);
    lastChange = Date.now();
  };
  page.on('request', (r) => !live(r.url()) && count(1));
  page.on('requestfailed', (r) => !live(r.url()) && count(-1));
  page.on('requestfinished', (r) => !live(r.url()) && count(-1));
  page.on('response', (r) => {
    if (live(r.url())) return;
    count(1); // reading the body is part of the request
    const read = /json/i.test(r.headers()['content-type'] ?? '')
      ? r.text().then((text) => void bodies.push({ url: r.url(), text }))
      : Promise.resolve();
    void read.catch(() => undefined).finally(() => count(-1)); // a body the page navigated away from is gone
  });
  return {
    bodies,
    quiet: async () => {
      const limit = Date.now() + QUIET_LIMIT_MS;
      while ((inFlight > 0 || Date.now() - lastChange < QUIET_MS) && Date.now() < limit)
        await new Promise((r) => setTimeout(r, 50));
    },
  };
}

/** Everything the page holds that a person or a script could read: HTML, form values, storage. */
export async function pageHoldings(page: Page): Promise<string> {
  const inPage = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const values = Array.from(g.document.querySelectorAll('input, textarea, select'), (e) => e.value ?? '');
    const read = (s: () => Record<string, string>) => {
      try {
        return JSON.stringify({ ...s() });
      } catch {
        return ''; // an opaque origin (about:blank) has no storage to hold anything
      }
    };
    const storage = [() => g.localStorage, () => g.sessionStorage].map(read);
    return [g.document.title, ...values, ...storage].join('\n');
  });
  return `${await page.content()}\n${inPage}`;
}

/** Each needle found in the haystack (case-insensitive), as `<where>: <needle>`. */
export function leaks(where: string, haystack: string, needles: readonly string[]): string[] {
  const h = haystack.toLowerCase();
  return needles.filter((n) => h.includes(n.toLowerCase())).map((n) => `${where}: ${n}`);
}

const CONTROLS = 'a, button, input:not([type=hidden]), select, textarea';

/** Every link and form control without an accessible name, as the start of its outerHTML. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.locator(CONTROLS).evaluateAll((all: unknown[]) => {
    const g = globalThis as unknown as PageGlobals;
    const els = all as PageElement[];
    const text = (e: PageElement | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const name = (el: PageElement): string => {
      const by = el.getAttribute('aria-labelledby');
      if (by)
        return by
          .split(/\s+/)
          .map((id) => text(g.document.getElementById(id)))
          .join(' ')
          .trim();
      const aria = el.getAttribute('aria-label')?.trim();
      if (aria) return aria;
      if (el.labels?.length) return Array.from(el.labels, text).join(' ').trim();
      if (el.tagName === 'A' || el.tagName === 'BUTTON')
        return text(el) || Array.from(el.querySelectorAll('img'), (i) => (i.alt ?? '').trim()).join(' ');
      if (el.tagName === 'INPUT' && ['submit', 'reset', 'button'].includes(el.type ?? ''))
        return (el.value ?? '').trim();
      return '';
    };
    return els.filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 160));
  });
}

/**
 * How far the page scrolls sideways beyond the viewport, and how far the main region scrolls
 * inside itself (it may: a wide table then hides columns behind a scrollbar); 0 when it fits.
 */
export function horizontalOverflow(page: Page): Promise<{ page: number; main: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const main = g.document.querySelector('main');
    return {
      page: Math.max(0, g.document.documentElement.scrollWidth - g.innerWidth),
      main: main ? Math.max(0, main.scrollWidth - main.clientWidth) : 0,
    };
  });
}

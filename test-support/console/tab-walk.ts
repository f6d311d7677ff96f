/**
 * The Tab order a keyboard user walks (WCAG 2.2 2.1.1 Keyboard, 2.4.1 Bypass Blocks, 2.4.3 Focus
 * Order, 2.4.7 Focus Visible): from the top of a freshly loaded page, Tab after Tab, each stop
 * checked for being on screen, and every focusable element checked for being reached.
 */
import type { Page } from 'playwright-core';
import type { PageElement, PageGlobals } from './quality';

type Walker = PageGlobals & {
  qaFocusables: PageElement[];
  qaReached: Set<PageElement>;
  qaFirst?: PageElement;
  qaLast?: PageElement;
};

export interface TabWalk {
  /** The focused elements in Tab order, each as `tag "name-ish text"` plus `#main` when inside main. */
  order: string[];
  /** Tab stops where the focused element is not visible on screen, or is inside aria-hidden. */
  hidden: string[];
  /** Focusable elements (tabindex ≥ 0, enabled, rendered) that Tab never reached. */
  unreached: string[];
  /** Elements with a positive tabindex (they jump the document order). */
  positive: string[];
  /** The element that kept focus through Tab after Tab (a focus trap), if any. */
  trapped?: string;
}

const STEP_LIMIT = 800; // bounds the walk; the pages hold far fewer stops
/** A date-time input takes a Tab per part (day, month, year, hours, minutes, AM/PM); more is a trap. */
const SAME_STOP_LIMIT = 12;

/**
 * Presses Tab from the top of a freshly loaded page until focus leaves the document or comes back
 * to the first stop. Only one radio button of a group is a Tab stop (HTML §6.6.3), so a group
 * counts as reached when any of its buttons is.
 */
export async function walkTabOrder(page: Page): Promise<TabWalk> {
  const positive = await page.evaluate(() => {
    const w = globalThis as unknown as Walker;
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex]';
    w.qaFocusables = Array.from(w.document.querySelectorAll(sel)).filter(
      (e) =>
        e.tabIndex >= 0 &&
        !e.disabled &&
        e.getClientRects().length > 0 &&
        w.getComputedStyle(e).visibility !== 'hidden' &&
        !e.closest('[inert]'),
    );
    Object.assign(w, { qaReached: new Set(), qaFirst: undefined, qaLast: undefined });
    return Array.from(w.document.querySelectorAll('[tabindex]'))
      .filter((e) => e.tabIndex > 0)
      .map((e) => e.outerHTML.slice(0, 160));
  });
  const order: string[] = [];
  const hidden: string[] = [];
  let trapped: string | undefined;
  let repeats = 0;
  for (let i = 0; i < STEP_LIMIT && !trapped; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const w = globalThis as unknown as Walker;
      const a = w.document.activeElement;
      if (!a || a === w.document.body) return null;
      const again = w.qaLast === a;
      const first = !again && w.qaFirst === a;
      w.qaFirst ??= a;
      w.qaLast = a;
      w.qaReached.add(a);
      const r = a.getBoundingClientRect();
      const visible =
        r.width > 0 &&
        r.height > 0 &&
        r.right > 0 &&
        r.bottom > 0 &&
        r.left < w.innerWidth &&
        r.top < w.innerHeight &&
        !a.closest('[aria-hidden=true]');
      const named = a.getAttribute('aria-label') ?? a.labels?.[0]?.textContent ?? a.textContent;
      const label = (named ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      const desc = `${a.tagName.toLowerCase()} "${label}"${a.closest('main') ? ' #main' : ''}`;
      return { first, again, visible, desc, html: a.outerHTML.slice(0, 160) };
    });
    if (!stop || stop.first) break;
    repeats = stop.again ? repeats + 1 : 0;
    if (repeats >= SAME_STOP_LIMIT) trapped = stop.html;
    if (stop.again) continue;
    order.push(stop.desc);
    if (!stop.visible) hidden.push(stop.html);
  }
  const unreached = await page.evaluate(() => {
    const { qaFocusables, qaReached } = globalThis as unknown as Walker;
    const radio = (e: PageElement) => e.tagName === 'INPUT' && e.type === 'radio';
    const radioGroupReached = (e: PageElement) =>
      radio(e) && Array.from(qaReached).some((r) => radio(r) && r.name === e.name);
    return qaFocusables
      .filter((e) => e.isConnected && !qaReached.has(e) && !radioGroupReached(e))
      .map((e) => e.outerHTML.slice(0, 160));
  });
  return { order, hidden, unreached, positive, trapped };
}

/**
 * The real console build (apps/console/dist, built once per run by test-support/console) served by
 * the real gateway at `/`: the page and its hashed assets, the client-route fallback, the caching
 * and security headers, and the gateway's own 404s left alone. No browser: console-*.e2e-spec.ts
 * drive chromium.
 */
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { startTestGateway, type TestGateway } from './harness';

let gw: TestGateway;
let index: string;
beforeAll(async () => {
  await ensureConsoleBuilt();
  gw = await startTestGateway();
  index = await (await fetch(`${gw.http}/`)).text();
}, 300_000);
afterAll(() => gw?.close());

const assetsOf = (html: string): string[] => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

describe('the console at / on the gateway', () => {
  it('answers the built index.html to anyone, revalidated, with the strict CSP and its companions', async () => {
    const res = await fetch(`${gw.http}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'self'", "script-src 'self'", "img-src 'self' data:", "connect-src 'self'"])
      expect(csp).toContain(d);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(index).toContain('<div id="root"></div>');
  });

  it('has no inline script the CSP would block', () => {
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/assets\//);
      expect(body.trim()).toBe('');
    }
  });

  it('serves every asset the page names from /assets/ with a year of immutable caching', async () => {
    const assets = assetsOf(index);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const a of assets) {
      const res = await fetch(`${gw.http}${a}`);
      await res.arrayBuffer();
      expect([a, res.status, res.headers.get('cache-control')]).toEqual([
        a,
        200,
        'public, max-age=31536000, immutable',
      ]);
      expect(res.headers.get('content-type')).toMatch(a.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
  });

  it('answers index.html on client-side routes, and 304 to a revalidation', async () => {
    for (const p of ['/dashboard', '/series/6f1c2f0e-7d43-4bd0-9d1e-1f6f0f7e6a10', '/routing']) {
      const res = await fetch(`${gw.http}${p}`);
      expect([p, res.status, await res.text()]).toEqual([p, 200, index]);
    }
    const etag = (await fetch(`${gw.http}/series`)).headers.get('etag')!;
    expect((await fetch(`${gw.http}/series`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('leaves the API, sign-in, DICOMweb and health paths to the gateway (404 problem, 401 where guarded)', async () => {
    for (const p of ['/api/v1/no-such-thing', '/auth/no-such-thing', '/dicomweb/no-such-thing', '/health/nope']) {
      const res = await fetch(`${gw.http}${p}`, { headers: { accept: 'application/json' } });
      expect([p, res.status, res.headers.get('content-type')]).toEqual([
        p,
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
    }
    expect((await fetch(`${gw.http}/api/v1/series`)).status).toBe(401);
    expect((await fetch(`${gw.http}/assets/index-00000000.js`)).status).toBe(404);
    expect((await fetch(`${gw.http}/health/live`)).status).toBe(200);
  });
});

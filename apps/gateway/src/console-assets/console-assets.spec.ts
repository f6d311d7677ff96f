/**
 * The console's static files through Nest's real middleware pipeline and the gateway's problem
 * filter, on a small build written to a temp dir (the real build is covered by
 * test/console-assets.e2e-spec.ts): files, the index.html fallback, caching, security headers,
 * the reserved API prefixes and the 503 without a build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Controller, Get, Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CoreTokens } from '../core/core.tokens';
import { ProblemFilter } from '../errors/problem.filter';
import { ConsoleAssetsModule } from './console-assets.module';
import { CONSOLE_DIST } from './console-dist';
import { CONSOLE_CSP } from './security-headers';

@Controller('api/v1/ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

const log = { info: jest.fn(), warn: jest.fn() };
@Global()
@Module({ providers: [{ provide: CoreTokens.Logger, useValue: log }], exports: [CoreTokens.Logger] })
class FakeCore {}

async function appServing(dist: string): Promise<INestApplication> {
  const ref = await Test.createTestingModule({
    imports: [FakeCore, ConsoleAssetsModule],
    controllers: [PingController],
  })
    .overrideProvider(CONSOLE_DIST)
    .useValue(dist)
    .compile();
  const app = ref.createNestApplication({ logger: false });
  app.useGlobalFilters(new ProblemFilter(() => undefined));
  await app.init();
  return app;
}

const root = mkdtempSync(path.join(tmpdir(), 'delineo-console-assets-'));
const built = path.join(root, 'built');
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';
let app: INestApplication;
let bare: INestApplication;

beforeAll(async () => {
  mkdirSync(path.join(built, 'assets'), { recursive: true });
  writeFileSync(path.join(built, 'index.html'), INDEX);
  writeFileSync(path.join(built, 'assets', 'index-Ab12Cd34.js'), 'console.log("app")');
  writeFileSync(path.join(built, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the build');
  app = await appServing(built);
  mkdirSync(path.join(root, 'empty'));
  bare = await appServing(path.join(root, 'empty'));
});
afterAll(async () => {
  await app?.close();
  await bare?.close();
  rmSync(root, { recursive: true, force: true });
});

const http = () => request(app.getHttpServer());

describe('console assets', () => {
  it.each(['/', '/series/123', '/dead-letters', '/series/1.2.840.10008/'])(
    'answers index.html for %s, revalidated on every load, with the security headers',
    async (p) => {
      const res = await http().get(p);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('writes a CSP without inline script, with data: images, same-origin calls and no framing', () => {
    const d = Object.fromEntries(CONSOLE_CSP.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1)]));
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(d['img-src']).toEqual(["'self'", 'data:']);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
  });

  it('serves hashed assets with a year of immutable caching and their own type', async () => {
    const res = await http().get('/assets/index-Ab12Cd34.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toBe('console.log("app")');
  });

  it('serves other files of the build revalidated, and answers HEAD without a body', async () => {
    const svg = await http().get('/favicon.svg');
    expect([svg.status, svg.headers['content-type'], svg.headers['cache-control']]).toEqual([
      200,
      'image/svg+xml',
      'no-cache',
    ]);
    const head = await http().head('/series/1');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(INDEX.length));
    expect(head.text).toBeUndefined();
  });

  it('answers 304 to a revalidation that holds the current ETag', async () => {
    const first = await http().get('/');
    const again = await http().get('/').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing asset, never a page in place of a script', async () => {
    const res = await http().get('/assets/index-gone.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each(['/api/v1/nope', '/api', '/auth/nope', '/dicomweb/nope', '/health/nope'])(
    'leaves %s to the gateway: its 404 problem, no page',
    async (p) => {
      const res = await http().get(p).set('Accept', 'application/json');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: 'http/404' });
      expect(res.headers['content-security-policy']).toBeUndefined();
    },
  );

  it('passes API routes through, and other methods than GET and HEAD too', async () => {
    expect((await http().get('/api/v1/ping')).body).toEqual({ pong: true });
    expect((await http().post('/').send({})).status).toBe(404);
    expect((await http().delete('/series/1')).status).toBe(404);
  });

  it('never reads outside the build, nor dot-files', async () => {
    writeFileSync(path.join(built, '.env'), 'SECRET=1');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.env']) {
      const res = await http().get(p);
      expect([p, res.text]).not.toEqual([p, 'outside the build']);
      expect(res.text).not.toContain('SECRET');
    }
    expect((await http().get('/%E0%A4%A')).status).toBe(400); // undecodable: Express refuses it before us
  });

  it('answers 503 naming `npm run build:console` when there is no build, and says so at start', async () => {
    const res = await request(bare.getHttpServer()).get('/').set('Accept', 'application/json');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, title: expect.stringContaining('npm run build:console') });
    const page = await request(bare.getHttpServer()).get('/series/1').set('Accept', 'text/html');
    expect([page.status, page.text]).toEqual([503, expect.stringContaining('npm run build:console')]);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'console-not-built' }), expect.any(String));
    expect((await request(bare.getHttpServer()).get('/api/v1/ping')).status).toBe(200);
  });
});

/**
 * Every route Nest registers declares who may call it, and the declaration holds on the wire:
 * without credentials every non-public route answers 401; a user whose roles, or a token whose
 * scopes, are not in the rule gets 403 (access/forbidden); tokens never pass user-only routes.
 * One more public route is not Nest's: the console's static files (ConsoleAssetsMiddleware, GET
 * and HEAD on every path outside the gateway's own segments), listed here with its own test.
 */
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { API_SCOPES, ROLES, type ApiScope, type Role } from '@delineo/auth';
import { UserRepository } from '@delineo/db';
import { ACCESS_RULE, type AccessRule } from '../src/auth/access.decorator';
import { ApiTokenService } from '../src/auth/api-token.service';
import { RESERVED_SEGMENTS } from '../src/console-assets/console-assets.middleware';
import { SessionService } from '../src/auth/session.service';
import { startTestGateway, type TestGateway } from './harness';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];
const PARAMS: Record<string, string> = {
  study: '2.25.1',
  series: '2.25.2',
  sop: '2.25.3',
  frames: '1',
  id: '00000000-0000-4000-8000-000000000000',
  destination: 'pacs',
};

interface Route {
  method: string;
  path: string;
  rule?: AccessRule;
  handler: string;
}

/** Every handler of every controller in the running app, with its declared rule (or none). */
function routesOf(gw: TestGateway): Route[] {
  const routes: Route[] = [];
  for (const mod of gw.gw.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: never[]) => object) | null;
      if (!type) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, type) as string | string[]].flat();
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, fn) as number];
        const rule = (Reflect.getMetadata(ACCESS_RULE, fn) ?? Reflect.getMetadata(ACCESS_RULE, type)) as
          AccessRule | undefined;
        for (const prefix of prefixes) {
          for (const p of [paths].flat())
            routes.push({
              method,
              path: `/${[prefix, p].filter(Boolean).join('/')}`.replace(/\/+/g, '/'),
              rule,
              handler: `${type.name}.${name}`,
            });
        }
      }
    }
  }
  return routes;
}

const concrete = (p: string) => p.replace(/:([a-z]+)/g, (_m, k: string) => PARAMS[k] ?? 'x');

let gw: TestGateway;
let routes: Route[];
const sessions = new Map<string, { cookie: string; csrf: string; userId: string }>();

/** A fresh session for the user (a logout route just ended the previous one). */
async function signIn(who: string, userId: string): Promise<void> {
  const s = await gw.gw.app
    .get(SessionService)
    .start({ id: userId }, { authMethod: 'local', restricted: false, sourceAddress: null });
  sessions.set(who, { cookie: s.setCookie.split(';')[0], csrf: s.csrfToken, userId });
}
const tokens = new Map<ApiScope, string>();

beforeAll(async () => {
  gw = await startTestGateway();
  routes = routesOf(gw);
  const users = gw.gw.app.get(UserRepository);
  for (const role of [...ROLES, 'none'] as const) {
    const u = await users.createLocal({
      username: `matrix-${role}`,
      passwordHash: 'unused',
      roles: role === 'none' ? [] : [role],
      mustChangePassword: false,
    });
    await signIn(role, u.id);
  }
  for (const scope of API_SCOPES) {
    const { token } = await gw.gw.app.get(ApiTokenService).create(
      {
        name: `matrix-${scope.replace(':', '-')}`,
        scopes: [scope],
        source: scope === 'dicomweb:write' ? 'matrix' : undefined,
      },
      'test',
    );
    tokens.set(scope, token);
  }
});
afterAll(() => gw?.close());

async function call(r: Route, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${gw.http}${concrete(r.path)}`, { method: r.method === 'ALL' ? 'GET' : r.method, headers });
  // A live stream (GET /api/v1/events) never ends by itself: its status is the answer.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status };
  }
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

describe('access rules', () => {
  it('finds the routes, and every one of them declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
  });

  it('leaves only health and sign-in public', () => {
    const pub = routes.filter((r) => r.rule?.kind === 'public').map((r) => r.path);
    expect(pub.every((p) => p.startsWith('/health/') || p.startsWith('/auth/'))).toBe(true);
  });

  it('serves the console publicly by middleware, never over a Nest route nor the API segments', async () => {
    // Public by design: the sign-in page loads before sign-in, and the files hold no data (every
    // call they make goes through the rules above). Every Nest route stays where it never serves.
    const shadowed = routes.filter((r) => !RESERVED_SEGMENTS.includes(r.path.split('/')[1]));
    expect(shadowed.map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
    for (const p of ['/', '/series/1']) {
      const res = await fetch(`${gw.http}${p}`);
      await res.body?.cancel();
      expect([p, res.status === 401, res.headers.get('content-security-policy')]).toEqual([
        p,
        false,
        expect.stringContaining("default-src 'self'"),
      ]);
    }
    for (const seg of RESERVED_SEGMENTS) expect((await fetch(`${gw.http}/${seg}/no-such-route`)).status).toBe(404);
  });

  it('answers 401 without credentials on every other route', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.rule?.kind !== 'public')) {
      const out = await call(r, {});
      if (out.status !== 401) wrong.push(`${r.method} ${r.path}: ${out.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to every role and every scope outside a route's rule, and lets those inside through", async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const rule = r.rule;
      if (!rule || rule.kind === 'public') continue;
      for (const [who, s] of sessions) {
        const allowed = rule.kind === 'signed-in' || (who !== 'none' && rule.roles.includes(who as Role));
        const out = await call(r, { cookie: s.cookie, 'x-csrf-token': s.csrf });
        const denied = out.status === 403 && out.code === 'access/forbidden';
        if (allowed === denied || out.status === 401)
          wrong.push(`${r.method} ${r.path} as ${who}: ${out.status} ${out.code ?? ''}`);
        if (r.path.endsWith('/logout')) await signIn(who, s.userId);
      }
      for (const [scope, token] of tokens) {
        const allowed = rule.kind === 'allow' && rule.scopes.includes(scope);
        const out = await call(r, { authorization: `Bearer ${token}` });
        const denied = out.status === 403 && out.code === 'access/forbidden';
        if (allowed === denied || out.status === 401)
          wrong.push(`${r.method} ${r.path} with ${scope}: ${out.status} ${out.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const admin = sessions.get('admin')!;
    const res = await fetch(`${gw.http}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('access/csrf');
  });
});

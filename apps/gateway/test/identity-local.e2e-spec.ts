/**
 * The front door as a new user meets it on a fresh embedded gateway: everything but health and
 * sign-in answers 401; the generated admin signs in, must change the password and enrol TOTP;
 * then creates a token, with which QIDO and STOW work; sessions end on logout; a TOTP code is
 * accepted once; failed sign-ins lock the account; each of these is in the audit log.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { base32Decode, totp } from '@delineo/auth';
import { AuditRepository } from '@delineo/db';
import { authorize, stow } from './dicomweb-client';
import { startTestGateway, type TestGateway } from './harness';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    settings: {
      series: { quietPeriodSeconds: 3600 },
      auth: { lockout: { maxFailures: 3, windowMinutes: 5, lockMinutes: 5 } },
    },
  });
});
afterAll(() => gw?.close());

/** A browser: keeps the session cookie, sends the CSRF token on writes. */
class Browser {
  cookie = '';
  csrf = '';
  async call(method: string, p: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extra };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${gw.http}${p}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0].endsWith('=') ? '' : set.split(';')[0];
    return res;
  }
  async json<T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.call(method, p, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

const auditActions = async () =>
  (await gw.gw.app.get(AuditRepository).search({ limit: 1000 })).map((r) => `${r.action}:${r.outcome}`);

describe('local sign-in on a fresh embedded gateway', () => {
  const passwordFile = () => path.join(gw.dataDir, 'secrets', 'admin-initial-password');
  let secret = '';
  let newPassword = '';
  let recoveryCodes: string[] = [];
  let lastCode = '';

  it('answers 401 on every route but health and sign-in, and 401 to the API docs', async () => {
    for (const p of [
      '/dicomweb/studies',
      '/api/v1/series',
      '/api/v1/jobs/failed',
      '/api/v1/me',
      '/api/v1/audit',
      '/api/v1/tokens',
      '/api/docs',
    ]) {
      const res = await fetch(`${gw.http}${p}`);
      expect([p, res.status]).toEqual([p, 401]);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await fetch(`${gw.http}/dicomweb/studies`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${gw.http}/health/live`)).status).toBe(200);
    expect((await fetch(`${gw.http}/health/ready`)).status).toBe(200);
    expect((await fetch(`${gw.http}/dicomweb/studies`, { headers: { authorization: 'Bearer dln_nope' } })).status).toBe(
      401,
    );
  });

  it('bounds what sign-in accepts: oversized bodies 413, oversized fields and bad JSON 400, and goes on serving', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(100_000) });
    const res = await fetch(`${gw.http}/auth/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    const long = await fetch(`${gw.http}/auth/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(2000) }),
    });
    expect(long.status).toBe(400); // each field at most 1,024 characters
    const bad = await fetch(`${gw.http}/auth/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(bad.status).toBe(400);
    const form = new URLSearchParams({ SAMLResponse: 'x'.repeat(600_000) });
    expect((await fetch(`${gw.http}/auth/saml/callback`, { method: 'POST', body: form })).status).toBe(413);
    expect((await fetch(`${gw.http}/health/live`)).status).toBe(200);
  });

  it('writes the initial password to a 0600 file and names the file, never the password, in the log', () => {
    const password = readFileSync(passwordFile(), 'utf8').trim();
    expect(statSync(passwordFile()).mode & 0o777).toBe(0o600);
    const log = readFileSync(gw.logFile, 'utf8');
    expect(log).toContain(passwordFile());
    expect(log).not.toContain(password);
  });

  it('makes the admin change the password and enrol TOTP before anything else', async () => {
    const b = new Browser();
    const password = readFileSync(passwordFile(), 'utf8').trim();
    const login = await b.json<{ status: string; csrfToken: string }>('POST', '/auth/local/login', {
      username: 'admin',
      password,
    });
    expect(login).toMatchObject({ status: 200, body: { status: 'password-change-required' } });
    expect(b.cookie).toMatch(/^delineo_session=/);
    b.csrf = login.body.csrfToken;
    expect((await b.json('GET', '/api/v1/tokens')).body).toMatchObject({ code: 'access/restricted' });
    expect((await b.json('GET', '/api/v1/me')).body).toMatchObject({
      username: 'admin',
      roles: ['admin'],
      restricted: true,
      authMethod: 'local',
    });
    const weak = await b.json<{ code: string; problems: string[] }>('POST', '/auth/local/password', {
      currentPassword: password,
      newPassword: 'aaaaaaaaaaaaaaaa',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('auth/weak-password');
    newPassword = `correct horse ${Date.now()} battery`;
    expect((await b.json('POST', '/auth/local/password', { currentPassword: password, newPassword })).body).toEqual({
      status: 'totp-enrollment-required',
    });
    const enrol = await b.json<{ otpauthUri: string; secret: string; qrSvg: string }>(
      'POST',
      '/auth/local/totp/enroll',
    );
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Delineo:admin\?secret=[A-Z2-7]+&issuer=Delineo/);
    expect(enrol.body.qrSvg).toMatch(/^<svg/);
    secret = enrol.body.secret;
    expect((await b.json('POST', '/auth/local/totp/confirm', { code: '000000' })).status).toBe(401);
    const confirm = await b.json<{ status: string; recoveryCodes: string[] }>('POST', '/auth/local/totp/confirm', {
      code: totp(base32Decode(secret), new Date()),
    });
    expect(confirm.body.status).toBe('signed-in');
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    recoveryCodes = confirm.body.recoveryCodes;
    expect((await b.json('GET', '/api/v1/tokens')).status).toBe(200);
  });

  it('lets the admin create a token with which QIDO and STOW work; without it they answer 401', async () => {
    const b = new Browser();
    const code = totp(base32Decode(secret), new Date(Date.now() + 30_000)); // the next step: the last one was used at enrolment
    lastCode = code;
    const login = await b.json<{ status: string; csrfToken: string }>('POST', '/auth/local/login', {
      username: 'admin',
      password: newPassword,
      code,
    });
    expect(login.body.status).toBe('signed-in');
    b.csrf = login.body.csrfToken;
    expect(
      (
        await b.call(
          'POST',
          '/api/v1/tokens',
          { name: 'pacs', scopes: ['dicomweb:read', 'dicomweb:write'], source: 'pacs' },
          { 'x-csrf-token': 'wrong' },
        )
      ).status,
    ).toBe(201); // header set by call() wins
    const noCsrf = await fetch(`${gw.http}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'content-type': 'application/json' },
      body: '{"name":"x","scopes":["admin"]}',
    });
    expect(noCsrf.status).toBe(403);
    const created = await b.json<{ token: string; scopes: string[] }>('POST', '/api/v1/tokens', {
      name: 'viewer',
      scopes: ['dicomweb:read', 'dicomweb:write'],
      source: 'viewer',
    });
    expect(created.status).toBe(201);
    const auth = { authorization: `Bearer ${created.body.token}` };
    expect([200, 204]).toContain((await fetch(`${gw.http}/dicomweb/studies`, { headers: auth })).status);
    expect((await fetch(`${gw.http}/dicomweb/studies`)).status).toBe(401);
    authorize(gw.http, created.body.token);
    const stored = await stow(`${gw.http}/dicomweb/studies`, syntheticCtSeries({ count: 2, rows: 16, cols: 16 }));
    expect(stored.status).toBe(202); // stored, with warnings: what we keep is de-identified (PS3.18 Table I.2-1 B000)
    authorize(gw.http, undefined);
    expect((await stow(`${gw.http}/dicomweb/studies`, [Buffer.from('x')])).status).toBe(401);
    expect((await fetch(`${gw.http}/api/v1/tokens`, { headers: auth })).status).toBe(403); // no admin scope
    const id = created.body.token.slice(4, 16);
    expect((await b.call('DELETE', `/api/v1/tokens/${id}`)).status).toBe(204);
    expect((await fetch(`${gw.http}/dicomweb/studies`, { headers: auth })).status).toBe(401); // revoked: refused at once
    expect((await b.call('POST', '/auth/logout')).status).toBe(200);
    expect((await b.json('GET', '/api/v1/me')).status).toBe(401);
  });

  it('accepts a TOTP code once, and a recovery code once', async () => {
    const login = async (code: string) =>
      (await new Browser().json('POST', '/auth/local/login', { username: 'admin', password: newPassword, code }))
        .status;
    expect(await login(lastCode)).toBe(401); // RFC 6238 §5.2: a used code is refused
    expect(await login(recoveryCodes[0].toUpperCase())).toBe(200);
    expect(await login(recoveryCodes[0])).toBe(401);
    expect(await login(recoveryCodes[1])).toBe(200); // a success resets the failure count
  });

  it('locks the account after repeated failures, and audits all of it', async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await new Browser().json('POST', '/auth/local/login', { username: 'admin', password: 'wrong password!' }))
          .status,
      ).toBe(401);
    expect(
      (await new Browser().json('POST', '/auth/local/login', { username: 'admin', password: newPassword })).status,
    ).toBe(429);
    const actions = await auditActions();
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.local.sign-in:success',
        'auth.local.sign-in:failure',
        'auth.local.lockout:denied',
        'auth.local.sign-in:denied',
        'auth.local.password-change:success',
        'auth.local.totp-enrol:success',
        'token.create:success',
        'auth.logout:success',
        'dicomweb.search:success',
        'dicomweb.store:success',
        'access.denied:denied',
      ]),
    );
  });
});

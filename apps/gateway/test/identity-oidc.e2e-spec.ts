/**
 * OpenID Connect sign-in end to end: the gateway as relying party of a real OP (oidc-provider,
 * in a child process) on loopback. Code + PKCE, state and nonce; groups become roles; a wrong
 * state is refused and audited; a callback replayed into another browser is refused; RP-initiated
 * logout ends the session here and at the OP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditRepository } from '@delineo/db';
import { describeIfTestOp } from '../../../test-support/oidc/describe-if-op';
import { CookieJar, loginAtOp, logoutAtOp, tamperCallback } from '../../../test-support/oidc/op-login';
import { startTestOp, TEST_OP_USERS, type TestOp, type TestOpUser } from '../../../test-support/oidc/start-op';
import { freePort } from '../../../test-support/ports';
import { startTestGateway, type TestGateway } from './harness';

describeIfTestOp('OIDC sign-in through the gateway', () => {
  let op: TestOp;
  let gw: TestGateway;
  let dir: string;
  let publicUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const client = {
      clientId: 'delineo',
      clientSecret: 'e2e-secret-0123456789abcdef',
      redirectUri: `${publicUrl}/auth/oidc/callback`,
      postLogoutRedirectUri: `${publicUrl}/`,
    };
    op = await startTestOp(client);
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-oidc-e2e-'));
    writeFileSync(path.join(dir, 'oidc-secret'), client.clientSecret);
    gw = await startTestGateway({
      env: { HTTP_PORT: String(port) },
      settings: {
        series: { quietPeriodSeconds: 3600 },
        http: { publicUrl },
        auth: {
          roleMapping: { 'pacs-admins': 'admin', 'radiology-users': 'radiologist' },
          oidc: { issuer: op.issuer, clientId: client.clientId, clientSecretFile: path.join(dir, 'oidc-secret') },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await op?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One browser: GET /auth/oidc/login, the OP's pages, and back to our callback URL. */
  async function signIn(user: TestOpUser, jar = new CookieJar()): Promise<{ flowCookie: string; callback: string }> {
    const res = await fetch(`${gw.http}/auth/oidc/login?returnTo=/api/v1/me`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const flowCookie = res.headers.get('set-cookie')!.split(';')[0];
    const callback = await loginAtOp(res.headers.get('location')!, {
      username: user,
      password: TEST_OP_USERS[user].password,
      redirectUri: `${publicUrl}/auth/oidc/callback`,
      jar,
    });
    return { flowCookie, callback };
  }
  const finish = (callback: string, cookie: string) => fetch(callback, { headers: { cookie }, redirect: 'manual' });
  const failures = async () =>
    (await gw.gw.app.get(AuditRepository).search({ action: 'auth.oidc.sign-in', outcome: 'failure', limit: 100 })).map(
      (r) => r.details?.code,
    );

  it('signs alice in as admin and lands her where she asked', async () => {
    const { flowCookie, callback } = await signIn('alice');
    const res = await finish(callback, flowCookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/v1/me');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    expect(cookie).toMatch(/^delineo_session=/);
    expect(await (await fetch(`${gw.http}/api/v1/me`, { headers: { cookie } })).json()).toMatchObject({
      roles: ['admin'],
      authMethod: 'oidc',
      email: 'alice@hospital.test',
    });
  });

  it('refuses a wrong state, and a callback replayed into a browser that did not start the flow', async () => {
    const a = await signIn('bob');
    expect((await finish(tamperCallback(a.callback, { state: 'x'.repeat(43) }), a.flowCookie)).status).toBe(401);
    const b = await signIn('bob');
    expect((await finish(b.callback, 'delineo_oidc=someone-else')).status).toBe(401);
    expect((await finish(b.callback, b.flowCookie)).status).toBe(401); // the flow was consumed by the refused attempt
    expect(await failures()).toContain('oidc/state-mismatch');
  });

  it('gives a user in no mapped group 403 and no session', async () => {
    const { flowCookie, callback } = await signIn('mallory');
    const res = await finish(callback, flowCookie);
    expect(res.status).toBe(403);
    expect((res.headers.get('set-cookie') ?? '').includes('delineo_session=')).toBe(false);
  });

  it('logs out at both ends (RP-initiated logout)', async () => {
    const jar = new CookieJar();
    const { flowCookie, callback } = await signIn('bob', jar);
    const cookie = (await finish(callback, flowCookie)).headers.get('set-cookie')!.split(';')[0];
    const out = await fetch(`${gw.http}/auth/oidc/logout`, { headers: { cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    const endSession = out.headers.get('location')!;
    expect(endSession.startsWith(op.issuer)).toBe(true);
    expect(new URL(endSession).searchParams.get('id_token_hint')).toBeTruthy();
    expect((await fetch(`${gw.http}/api/v1/me`, { headers: { cookie } })).status).toBe(401);
    expect(await logoutAtOp(endSession, jar)).toBe(`${publicUrl}/`);
  });
});

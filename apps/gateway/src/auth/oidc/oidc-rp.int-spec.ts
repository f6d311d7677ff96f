import { createHash } from 'node:crypto';

import { describeIfTestOp } from '../../../../../test-support/oidc/describe-if-op';
import {
  CookieJar,
  loginAtOp,
  logoutAtOp,
  OpLoginError,
  tamperCallback,
} from '../../../../../test-support/oidc/op-login';
import { startTestOp, TEST_OP_USERS, type TestOp, type TestOpUser } from '../../../../../test-support/oidc/start-op';
import { OidcError, type OidcErrorCode } from './oidc-errors';
import { type OidcPending, OidcRelyingParty } from './oidc-rp';

const CLIENT = {
  clientId: 'delineo',
  clientSecret: 'int-spec-secret-0123456789',
  redirectUri: 'https://delineo.hospital.test/auth/oidc/callback',
  postLogoutRedirectUri: 'https://delineo.hospital.test/',
};

function useOp(idTokenClaims: boolean): { rp: () => OidcRelyingParty; op: () => TestOp } {
  let op: TestOp | undefined;
  let rp: OidcRelyingParty | undefined;
  beforeAll(async () => {
    op = await startTestOp({ ...CLIENT, idTokenClaims });
    rp = await OidcRelyingParty.discover({ ...CLIENT, issuer: op.issuer, groupsClaim: 'groups' });
  });
  afterAll(async () => op?.stop());
  return { rp: () => rp!, op: () => op! };
}

async function signIn(
  rp: OidcRelyingParty,
  username: TestOpUser,
  consent: 'approve' | 'deny' = 'approve',
  jar = new CookieJar(),
): Promise<{ url: string; pending: OidcPending; callback: string }> {
  const { url, pending } = await rp.begin();
  const { password } = TEST_OP_USERS[username];
  const callback = await loginAtOp(url, { username, password, consent, redirectUri: CLIENT.redirectUri, jar });
  return { url, pending, callback };
}

async function refusal(promise: Promise<unknown>): Promise<OidcError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  return err as OidcError;
}

function expectCode(err: OidcError, code: OidcErrorCode, callback?: string): void {
  expect(err.code).toBe(code);
  const authCode = callback && new URL(callback).searchParams.get('code');
  if (authCode) expect(err.message).not.toContain(authCode);
}

describeIfTestOp('OidcRelyingParty against oidc-provider (groups from UserInfo)', () => {
  const { rp, op } = useOp(false);

  it('signs alice in with her subject, issuer, email and groups', async () => {
    const { pending, callback } = await signIn(rp(), 'alice');
    const identity = await rp().complete(callback, pending);
    expect(identity).toEqual({
      subject: 'alice',
      issuer: op().issuer,
      email: 'alice@hospital.test',
      emailVerified: true,
      name: 'Alice Admin',
      groups: ['pacs-admins'],
      idToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    });
  });

  it('gives bob and mallory their own groups, and accepts the callback as a path', async () => {
    const bob = await signIn(rp(), 'bob');
    const { pathname, search } = new URL(bob.callback);
    expect((await rp().complete(pathname + search, bob.pending)).groups).toEqual(['radiology-users']);
    const mallory = await signIn(rp(), 'mallory');
    expect((await rp().complete(mallory.callback, mallory.pending)).groups).toEqual(['visitors']);
  });

  it('sends an S256 PKCE challenge of the verifier, a fresh state and nonce, and the groups scope', async () => {
    const [a, b] = [await rp().begin(), await rp().begin()];
    const params = new URL(a.url).searchParams;
    expect(a.url.startsWith(`${op().issuer}/auth?`)).toBe(true);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBe(createHash('sha256').update(a.pending.codeVerifier).digest('base64url'));
    expect(params.get('scope')).toBe('openid email profile groups');
    expect(params.get('state')).toBe(a.pending.state);
    expect(params.get('nonce')).toBe(a.pending.nonce);
    expect(params.get('redirect_uri')).toBe(CLIENT.redirectUri);
    expect([b.pending.state, b.pending.nonce, b.pending.codeVerifier]).not.toContain(a.pending.state);
    expect(b.pending.codeVerifier).not.toBe(a.pending.codeVerifier);
  });

  it('is refused by the OP when the PKCE challenge is left out (the OP requires PKCE)', async () => {
    const { url, pending } = await rp().begin();
    const bare = new URL(url);
    bare.searchParams.delete('code_challenge');
    bare.searchParams.delete('code_challenge_method');
    const { password } = TEST_OP_USERS.alice;
    const callback = await loginAtOp(bare.href, { username: 'alice', password, redirectUri: CLIENT.redirectUri });
    const err = await refusal(rp().complete(callback, pending));
    expectCode(err, 'oidc/denied');
    expect(err.oauthError).toBe('invalid_request');
  });

  it('refuses a token exchange with another PKCE verifier (oidc/token-failed, invalid_grant)', async () => {
    const { pending, callback } = await signIn(rp(), 'alice');
    const other = (await rp().begin()).pending.codeVerifier;
    const err = await refusal(rp().complete(callback, { ...pending, codeVerifier: other }));
    expectCode(err, 'oidc/token-failed', callback);
    expect(err.oauthError).toBe('invalid_grant');
  });

  it('refuses a callback whose state differs from the pending one, or has none (oidc/state-mismatch)', async () => {
    const { pending, callback } = await signIn(rp(), 'alice');
    expectCode(await refusal(rp().complete(tamperCallback(callback, { state: 'x' }), pending)), 'oidc/state-mismatch');
    expectCode(await refusal(rp().complete(tamperCallback(callback, { state: null }), pending)), 'oidc/state-mismatch');
    const other = (await rp().begin()).pending;
    expectCode(await refusal(rp().complete(callback, { ...pending, state: other.state })), 'oidc/state-mismatch');
  });

  it('refuses an ID token whose nonce differs from the pending one (oidc/nonce-mismatch)', async () => {
    const { pending, callback } = await signIn(rp(), 'alice');
    const err = await refusal(rp().complete(callback, { ...pending, nonce: (await rp().begin()).pending.nonce }));
    expectCode(err, 'oidc/nonce-mismatch', callback);
  });

  it('reports a denied consent as oidc/denied with access_denied', async () => {
    const { pending, callback } = await signIn(rp(), 'mallory', 'deny');
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const err = await refusal(rp().complete(callback, pending));
    expectCode(err, 'oidc/denied');
    expect(err.oauthError).toBe('access_denied');
  });

  it('refuses a replayed callback: the authorization code is single-use (oidc/token-failed)', async () => {
    const { pending, callback } = await signIn(rp(), 'bob');
    await rp().complete(callback, pending);
    const err = await refusal(rp().complete(callback, pending));
    expectCode(err, 'oidc/token-failed', callback);
    expect(err.oauthError).toBe('invalid_grant');
  });

  it('refuses a callback without a code, or from another issuer (oidc/invalid-callback)', async () => {
    const { pending, callback } = await signIn(rp(), 'bob');
    expect(new URL(callback).searchParams.get('iss')).toBe(op().issuer);
    const mixUp = tamperCallback(callback, { iss: 'https://evil.example' });
    expectCode(await refusal(rp().complete(mixUp, pending)), 'oidc/invalid-callback', callback);
    expectCode(
      await refusal(rp().complete(tamperCallback(callback, { code: null }), pending)),
      'oidc/invalid-callback',
    );
  });

  it('never reaches the callback with a wrong password', async () => {
    const { url } = await rp().begin();
    const login = loginAtOp(url, { username: 'alice', password: 'wrong', redirectUri: CLIENT.redirectUri });
    await expect(login).rejects.toBeInstanceOf(OpLoginError);
  });

  it('builds the logout URL at the end_session endpoint with id_token_hint, and the OP honours it', async () => {
    const jar = new CookieJar();
    const { pending, callback } = await signIn(rp(), 'alice', 'approve', jar);
    const { idToken } = await rp().complete(callback, pending);
    // Single sign-on at the OP: with its session cookie no password is asked (a wrong one is not checked).
    const sso = await rp().begin();
    const ssoLogin = { username: 'alice', password: 'wrong', redirectUri: CLIENT.redirectUri, jar };
    expect(new URL(await loginAtOp(sso.url, ssoLogin)).searchParams.get('code')).toBeTruthy();
    const logout = new URL(rp().logoutUrl(idToken)!);
    expect(logout.origin + logout.pathname).toBe(`${op().issuer}/session/end`);
    expect(logout.searchParams.get('id_token_hint')).toBe(idToken);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(CLIENT.postLogoutRedirectUri);
    expect(logout.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(await logoutAtOp(logout.href, jar)).toBe(CLIENT.postLogoutRedirectUri);
    // The OP session is gone: the next authorization asks for the password again.
    await expect(loginAtOp((await rp().begin()).url, ssoLogin)).rejects.toBeInstanceOf(OpLoginError);
  });

  it('completes 20 logins (timing printed, not asserted)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const { pending, callback } = await signIn(rp(), 'alice');
      await rp().complete(callback, pending);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q: number): string => times[Math.ceil(q * times.length) - 1].toFixed(1);
    console.log(
      `OIDC login (begin + OP login/consent + complete incl. UserInfo), 20 runs: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`,
    );
    expect(times).toHaveLength(20);
  });
});

describeIfTestOp('OidcRelyingParty against oidc-provider (groups in the ID token)', () => {
  const { rp } = useOp(true);

  it('takes the groups from the ID token', async () => {
    const { pending, callback } = await signIn(rp(), 'bob');
    const identity = await rp().complete(callback, pending);
    const payload = JSON.parse(Buffer.from(identity.idToken.split('.')[1], 'base64url').toString('utf8')) as {
      groups?: string[];
    };
    expect(payload.groups).toEqual(['radiology-users']);
    expect(identity).toMatchObject({ subject: 'bob', email: 'bob@hospital.test', groups: ['radiology-users'] });
  });
});

/**
 * SAML sign-in end to end: the gateway behind a real SimpleSAMLphp IdP on loopback, driven through
 * the IdP's real login form. A member of pacs-admins lands as admin; a user in no mapped group gets
 * 403 and no session; SP-initiated single logout ends the session at both ends; forged and
 * replayed responses are refused at the ACS, and each refusal is in the audit log with its code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { AuditRepository } from '@delineo/db';
import { IdpBrowser, idpLogin, idpLogout } from '../../../test-support/saml/idp-login';
import { forgeResponse, newId, STATUS, type ForgeResponseOptions } from '../../../test-support/saml/saml-forge';
import { WRAPPING_ATTACKS } from '../../../test-support/saml/saml-wrapping';
import { describeWithSamlIdp, startSamlIdp, type SamlIdp } from '../../../test-support/saml/simplesamlphp-idp';
import { makeKeyPair } from '../../../test-support/saml/test-keys';
import { freePort } from '../../../test-support/ports';
import { samlEndpoints } from '../src/auth/saml/saml-settings';
import { startTestGateway, type TestGateway } from './harness';

describeWithSamlIdp('SAML sign-in through the gateway', () => {
  let idp: SamlIdp;
  let gw: TestGateway;
  let dir: string;
  let ep: ReturnType<typeof samlEndpoints>;
  const impostor = makeKeyPair('idp.example');

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    ep = samlEndpoints(publicUrl);
    const sp = makeKeyPair('delineo.test');
    idp = await startSamlIdp({ sp: { ...ep, certPem: sp.certPem } });
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-saml-e2e-'));
    for (const [f, text] of [
      ['sp.key', sp.keyPem],
      ['sp.crt', sp.certPem],
      ['idp.crt', idp.certPem],
    ])
      writeFileSync(path.join(dir, f), text);
    gw = await startTestGateway({
      env: { HTTP_PORT: String(port) },
      settings: {
        series: { quietPeriodSeconds: 3600 },
        http: { publicUrl },
        auth: {
          roleMapping: { 'pacs-admins': 'admin', 'radiology-users': 'radiologist' },
          saml: {
            entryPoint: idp.ssoUrl,
            logoutUrl: idp.sloUrl,
            idpIssuer: idp.entityId,
            idpCertFile: path.join(dir, 'idp.crt'),
            spKeyFile: path.join(dir, 'sp.key'),
            spCertFile: path.join(dir, 'sp.crt'),
          },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const browser = (): IdpBrowser => new IdpBrowser(new URL(idp.baseUrl).origin);

  /** GET /auth/saml/login: the IdP redirect (with our signed AuthnRequest) and the request's ID. */
  async function startLogin(returnTo = '/api/v1/me'): Promise<{ location: string; requestId: string }> {
    const res = await fetch(`${gw.http}/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    const xml = inflateRawSync(Buffer.from(new URL(location).searchParams.get('SAMLRequest')!, 'base64')).toString(
      'utf8',
    );
    return { location, requestId: /\bID="([^"]+)"/.exec(xml)![1] };
  }

  async function acs(samlResponse: string, relayState?: string): Promise<Response> {
    const body = new URLSearchParams({ SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) });
    return fetch(ep.acsUrl, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  const refusals = async () =>
    (await gw.gw.app.get(AuditRepository).search({ action: 'auth.saml.sign-in', outcome: 'failure', limit: 100 })).map(
      (r) => r.details?.code,
    );

  let aliceResponse = '';
  let cookie = '';

  it('serves SP metadata with the signing certificate, ACS and SLO', async () => {
    const res = await fetch(`${gw.http}/auth/saml/metadata`);
    const xml = await res.text();
    expect(res.headers.get('content-type')).toMatch(/samlmetadata\+xml/);
    for (const s of [
      `entityID="${ep.entityId}"`,
      ep.acsUrl,
      ep.sloUrl,
      'AuthnRequestsSigned="true"',
      'WantAssertionsSigned="true"',
      'X509Certificate',
    ])
      expect(xml).toContain(s);
  });

  it('lands a member of pacs-admins as admin, at the page she asked for', async () => {
    const { location } = await startLogin('/api/v1/me');
    const login = await idpLogin(browser(), location, 'alice', 'alice-pass');
    expect(login.acsUrl).toBe(ep.acsUrl);
    aliceResponse = login.samlResponse;
    const res = await acs(login.samlResponse, login.relayState);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/v1/me');
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    const me = await (await fetch(`${gw.http}/api/v1/me`, { headers: { cookie } })).json();
    expect(me).toMatchObject({ roles: ['admin'], authMethod: 'saml', email: 'alice@hospital.test' });
    expect((await fetch(`${gw.http}/api/v1/tokens`, { headers: { cookie } })).status).toBe(200);
  });

  it('refuses the same response replayed, and audits it', async () => {
    const res = await acs(aliceResponse);
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await refusals()).toContain('saml/replayed');
  });

  it('gives a user in no mapped group a clear 403 page and no session', async () => {
    const { location } = await startLogin('/');
    const login = await idpLogin(browser(), location, 'mallory', 'mallory-pass');
    const body = new URLSearchParams({ SAMLResponse: login.samlResponse });
    const res = await fetch(ep.acsUrl, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/no Delineo role: ask hospital IT/);
  });

  it('refuses forged responses at the ACS, each audited with its own code', async () => {
    const signing = { key: idp.keyPem, cert: idp.certPem, signAssertion: true, signResponse: false } as const;
    const base = async (): Promise<ForgeResponseOptions> => ({
      issuer: idp.entityId,
      destination: ep.acsUrl,
      recipient: ep.acsUrl,
      audience: ep.entityId,
      inResponseTo: (await startLogin()).requestId,
      now: new Date(),
      nameId: 'alice@hospital.test',
      sessionIndex: newId(),
      attributes: { groups: ['pacs-admins'] },
      signing,
    });
    const hour = 3_600_000;
    const vectors: Array<[string, () => Promise<string>]> = [
      [
        'saml/bad-signature',
        async () =>
          forgeResponse({ ...(await base()), signing: { ...signing, key: impostor.keyPem, cert: impostor.certPem } }),
      ],
      ['saml/unsigned', async () => forgeResponse({ ...(await base()), signing: null })],
      [
        'saml/expired',
        async () =>
          forgeResponse({
            ...(await base()),
            now: new Date(Date.now() - 2 * hour),
            notOnOrAfter: new Date(Date.now() - hour),
            subjectNotOnOrAfter: new Date(Date.now() - hour),
          }),
      ],
      ['saml/wrong-audience', async () => forgeResponse({ ...(await base()), audience: 'https://evil.example/sp' })],
      [
        'saml/wrong-destination',
        async () => forgeResponse({ ...(await base()), destination: 'https://evil.example/acs' }),
      ],
      ['saml/wrong-recipient', async () => forgeResponse({ ...(await base()), recipient: 'https://evil.example/acs' })],
      ['saml/status-not-success', async () => forgeResponse({ ...(await base()), statusCode: STATUS.responder })],
      [
        'saml/sha1',
        async () =>
          forgeResponse({
            ...(await base()),
            signing: { ...signing, signatureAlgorithm: 'sha1', digestAlgorithm: 'sha1' },
          }),
      ],
      ['saml/idp-initiated-disabled', async () => forgeResponse({ ...(await base()), inResponseTo: undefined })],
      ['saml/unknown-request', async () => forgeResponse({ ...(await base()), inResponseTo: newId() })],
      [
        'saml/multiple-assertions',
        async () => {
          const xml = Buffer.from(forgeResponse(await base()), 'base64').toString('utf8');
          return Buffer.from(
            WRAPPING_ATTACKS['evil assertion before the signed one'](xml, 'mallory@hospital.test'),
          ).toString('base64');
        },
      ],
    ];
    const got: string[] = [];
    for (const [, make] of vectors) {
      const res = await acs(await make());
      const body = (await res.json()) as { code: string; detail: string };
      got.push(`${res.status} ${body.code} ${/\((saml\/[a-z0-9-]+)\)/.exec(body.detail)?.[1]}`);
    }
    expect(got).toEqual(vectors.map(([code]) => `401 access/sso-failed ${code}`));
    expect(await refusals()).toEqual(expect.arrayContaining(vectors.map(([code]) => code)));
  });

  it('ends the session at both ends with SP-initiated single logout', async () => {
    const b = browser();
    const { location } = await startLogin('/');
    const login = await idpLogin(b, location, 'bob', 'bob-pass');
    const res = await acs(login.samlResponse);
    const bobCookie = res.headers.get('set-cookie')!.split(';')[0];
    expect(
      ((await (await fetch(`${gw.http}/api/v1/me`, { headers: { cookie: bobCookie } })).json()) as { roles: string[] })
        .roles,
    ).toEqual(['radiologist']);
    const out = await fetch(`${gw.http}/auth/saml/logout`, { headers: { cookie: bobCookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect((await fetch(`${gw.http}/api/v1/me`, { headers: { cookie: bobCookie } })).status).toBe(401); // revoked here at once
    const back = await idpLogout(b, out.headers.get('location')!);
    expect(back.startsWith(`${ep.sloUrl}?`)).toBe(true);
    const done = await fetch(back, { redirect: 'manual' });
    expect(done.status).toBe(302);
    const again = await idpLogin(b, (await startLogin('/')).location, 'bob', 'bob-pass');
    expect(again.promptedForPassword).toBe(true); // the IdP session is gone too
  });

  it('times 20 full sign-ins through the gateway (printed for the closing note, not asserted)', async () => {
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const login = await idpLogin(browser(), (await startLogin('/')).location, 'alice', 'alice-pass');
      const res = await acs(login.samlResponse);
      if (res.status !== 303) throw new Error(`sign-in ${i} answered ${res.status}`);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`SAML sign-in through the gateway, 20 logins: p50 ${ms[9].toFixed(1)} ms, p95 ${ms[18].toFixed(1)} ms`);
    expect(ms).toHaveLength(20);
  });
});

import { IdpBrowser, idpLogin, idpLogout } from '../../../../../test-support/saml/idp-login';
import { InMemoryRequestIdStore } from '../../../../../test-support/saml/in-memory-request-id.store';
import { describeWithSamlIdp, startSamlIdp, type SamlIdp } from '../../../../../test-support/saml/simplesamlphp-idp';
import { ENDPOINTS, PUBLIC_URL } from '../../../../../test-support/saml/sp-fixture';
import { makeKeyPair } from '../../../../../test-support/saml/test-keys';
import { SamlError } from './saml-errors';
import { SamlServiceProvider } from './saml-sp';

/** SP-initiated Web SSO and SLO against a real SimpleSAMLphp IdP on loopback, through its real login form. */
describeWithSamlIdp('SamlServiceProvider against SimpleSAMLphp', () => {
  let idp: SamlIdp;
  let sp: SamlServiceProvider;

  beforeAll(async () => {
    const spKeys = makeKeyPair('delineo.hospital.example');
    idp = await startSamlIdp({ sp: { ...ENDPOINTS, certPem: spKeys.certPem } });
    const settings = {
      publicUrl: PUBLIC_URL,
      entryPoint: idp.ssoUrl,
      logoutUrl: idp.sloUrl,
      idpIssuer: idp.entityId,
      idpCerts: [idp.certPem],
      spKey: spKeys.keyPem,
      spCert: spKeys.certPem,
      groupsAttribute: 'groups',
      allowIdpInitiated: false,
    };
    sp = new SamlServiceProvider(settings, new InMemoryRequestIdStore());
  });

  afterAll(async () => {
    await idp?.stop();
  });

  const browser = (): IdpBrowser => new IdpBrowser(new URL(idp.baseUrl).origin);

  it('logs alice in over the real form: NameID, email and her group', async () => {
    const login = await idpLogin(browser(), await sp.loginUrl('/studies'), 'alice', 'alice-pass');
    expect(login).toMatchObject({ acsUrl: ENDPOINTS.acsUrl, relayState: '/studies', promptedForPassword: true });
    const identity = await sp.acceptResponse(login.samlResponse);
    expect(identity).toMatchObject({
      nameId: 'alice@hospital.test',
      email: 'alice@hospital.test',
      displayName: 'Alice Admin',
      groups: ['pacs-admins'],
      issuer: idp.entityId,
    });
    expect(identity.sessionIndex).toBeTruthy();
    expect(identity.inResponseTo).toBeTruthy();
  });

  it('gives mallory only her unmapped group, and refuses her response replayed', async () => {
    const login = await idpLogin(browser(), await sp.loginUrl('/'), 'mallory', 'mallory-pass');
    await expect(sp.acceptResponse(login.samlResponse)).resolves.toMatchObject({ groups: ['visitors'] });
    await expect(sp.acceptResponse(login.samlResponse)).rejects.toEqual(
      expect.objectContaining({ code: 'saml/replayed' }),
    );
  });

  it('ends the session at the IdP with SP-initiated SLO: the next login shows the form again', async () => {
    const b = browser();
    const first = await idpLogin(b, await sp.loginUrl('/'), 'bob', 'bob-pass');
    const identity = await sp.acceptResponse(first.samlResponse);
    expect(identity.groups).toEqual(['radiology-users']);

    const sso = await idpLogin(b, await sp.loginUrl('/'), 'bob', 'bob-pass');
    expect(sso.promptedForPassword).toBe(false); // the IdP session is live before logout

    const back = await idpLogout(b, await sp.logoutUrl(identity, '/signed-out'));
    expect(back.startsWith(`${ENDPOINTS.sloUrl}?`)).toBe(true);
    const rawQuery = new URL(back).search.slice(1);
    await expect(sp.acceptLogout({ binding: 'redirect', rawQuery })).resolves.toEqual({
      kind: 'response',
      relayState: '/signed-out',
    });
    await expect(sp.acceptLogout({ binding: 'redirect', rawQuery })).rejects.toBeInstanceOf(SamlError);

    const again = await idpLogin(b, await sp.loginUrl('/'), 'bob', 'bob-pass');
    expect(again.promptedForPassword).toBe(true);
  });

  it('times 20 SP-initiated logins through the form (printed, not asserted)', async () => {
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const login = await idpLogin(browser(), await sp.loginUrl('/'), 'alice', 'alice-pass');
      await sp.acceptResponse(login.samlResponse);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const pct = (p: number): string => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)].toFixed(1);
    console.log(`SAML SP-initiated login round trip over ${ms.length} logins: p50 ${pct(50)} ms, p95 ${pct(95)} ms`);
    expect(ms).toHaveLength(20);
  });
});

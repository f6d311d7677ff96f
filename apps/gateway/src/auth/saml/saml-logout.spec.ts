import { createVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import {
  forgeLogoutRequestXml,
  forgeLogoutResponseXml,
  redirectQuery,
  signElement,
  STATUS,
} from '../../../../../test-support/saml/saml-forge';
import {
  ENDPOINTS,
  IDP_ISSUER,
  IDP_SLO,
  IDP_SSO,
  makeSamlTestKeys,
  makeTestSp,
  NOW,
  type SamlTestKeys,
} from '../../../../../test-support/saml/sp-fixture';
import { certBody } from '../../../../../test-support/saml/test-keys';
import { SamlError, type SamlErrorCode } from './saml-errors';
import type { SamlServiceProvider } from './saml-sp';
import type { InMemoryRequestIdStore } from '../../../../../test-support/saml/in-memory-request-id.store';

const minutes = (n: number): Date => new Date(NOW.getTime() + n * 60_000);

async function expectRefused(p: Promise<unknown>, code: SamlErrorCode): Promise<void> {
  const err: unknown = await p.then(
    (v) => new Error(`accepted: ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SamlError);
  expect((err as SamlError).code).toBe(code);
  expect((err as SamlError).message).not.toMatch(/alice|hospital\.test/);
}

/** A redirect URL we built: its raw query, the inflated XML, and whether its signature verifies with `certPem`. */
function openRedirect(url: string, certPem: string): { xml: string; params: URLSearchParams; signatureOk: boolean } {
  const u = new URL(url);
  const params = u.searchParams;
  const kind = params.has('SAMLRequest') ? 'SAMLRequest' : 'SAMLResponse';
  const raw = new Map(
    u.search
      .slice(1)
      .split('&')
      .map((p) => p.split('=') as [string, string]),
  );
  const signed = [
    `${kind}=${raw.get(kind)}`,
    ...(raw.has('RelayState') ? [`RelayState=${raw.get('RelayState')}`] : []),
  ];
  signed.push(`SigAlg=${raw.get('SigAlg')}`);
  const signatureOk = createVerify('RSA-SHA256')
    .update(signed.join('&'))
    .verify(certPem, params.get('Signature') ?? '', 'base64');
  return { xml: inflateRawSync(Buffer.from(params.get(kind)!, 'base64')).toString(), params, signatureOk };
}

const idOf = (xml: string): string => /\sID="([^"]+)"/.exec(xml)![1];

let keys: SamlTestKeys;
let sp: SamlServiceProvider;
let store: InMemoryRequestIdStore;
beforeAll(() => {
  keys = makeSamlTestKeys();
});
beforeEach(() => {
  ({ sp, store } = makeTestSp(keys));
});

describe('SamlServiceProvider requests and metadata', () => {
  it('builds a signed RSA-SHA256 AuthnRequest to the IdP and saves its ID until the request TTL', async () => {
    const url = await sp.loginUrl('/studies?x=1', NOW);
    expect(url.startsWith(`${IDP_SSO}?`)).toBe(true);
    const { xml, params, signatureOk } = openRedirect(url, keys.sp.certPem);
    expect(params.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(params.get('RelayState')).toBe('/studies?x=1');
    expect(signatureOk).toBe(true);
    expect(xml).toContain(`AssertionConsumerServiceURL="${ENDPOINTS.acsUrl}"`);
    expect(xml).toContain(`Destination="${IDP_SSO}"`);
    expect(xml).toContain(`>${ENDPOINTS.entityId}</saml:Issuer>`);
    expect(store.pending.get(idOf(xml))).toBe(minutes(5).getTime());
  });

  it('publishes metadata with the signing certificate, POST ACS, Redirect and POST SLO, signing flags', () => {
    const md = sp.metadata();
    expect(md).toContain(`entityID="${ENDPOINTS.entityId}"`);
    expect(md).toContain('AuthnRequestsSigned="true"');
    expect(md).toContain('WantAssertionsSigned="true"');
    expect(md).toContain(certBody(keys.sp.certPem));
    expect(md).toMatch(
      /SingleLogoutService Binding="[^"]*HTTP-Redirect" Location="[^"]*\/auth\/saml\/logout\/callback"/,
    );
    expect(md).toMatch(/SingleLogoutService Binding="[^"]*HTTP-POST" Location="[^"]*\/auth\/saml\/logout\/callback"/);
    expect(md).toMatch(/AssertionConsumerService Binding="[^"]*HTTP-POST" Location="[^"]*\/auth\/saml\/callback"/);
  });

  it('builds a signed LogoutRequest for the session and saves its ID', async () => {
    const url = await sp.logoutUrl({ nameId: 'alice@hospital.test', sessionIndex: '_sess-alice' }, '/bye', NOW);
    const { xml, signatureOk } = openRedirect(url, keys.sp.certPem);
    expect(url.startsWith(`${IDP_SLO}?`)).toBe(true);
    expect(signatureOk).toBe(true);
    expect(xml).toContain('>alice@hospital.test</saml:NameID>');
    expect(xml).toContain('>_sess-alice</saml2p:SessionIndex>');
    expect(store.pending.has(idOf(xml))).toBe(true);
  });

  it('refuses settings without an IdP certificate, listing every problem', () => {
    expect(() => makeTestSp(keys, { idpCerts: [], spKey: 'nope', entryPoint: 'ftp://x' })).toThrow(
      expect.objectContaining({
        code: 'saml/invalid-settings',
        message: expect.stringMatching(/entryPoint.*idpCerts.*spKey/),
      }),
    );
  });
});

describe('SamlServiceProvider.acceptLogout', () => {
  const idpSigned = (): { key: string } => ({ key: keys.idp.keyPem });
  const logoutResponse = (inResponseTo: string, over: { statusCode?: string } = {}): string =>
    forgeLogoutResponseXml({ issuer: IDP_ISSUER, destination: ENDPOINTS.sloUrl, now: NOW, inResponseTo, ...over });
  const logoutRequest = (over: Partial<Parameters<typeof forgeLogoutRequestXml>[0]> = {}): string =>
    forgeLogoutRequestXml({
      issuer: IDP_ISSUER,
      destination: ENDPOINTS.sloUrl,
      now: NOW,
      nameId: 'alice@hospital.test',
      sessionIndex: '_sess-alice',
      ...over,
    });
  const redirect = (rawQuery: string, now = NOW): ReturnType<SamlServiceProvider['acceptLogout']> =>
    sp.acceptLogout({ binding: 'redirect', rawQuery }, now);

  async function ourLogoutRequestId(): Promise<string> {
    const url = await sp.logoutUrl({ nameId: 'alice@hospital.test' }, '', NOW);
    return idOf(openRedirect(url, keys.sp.certPem).xml);
  }

  it('accepts a signed LogoutResponse to our LogoutRequest, once', async () => {
    const query = redirectQuery('SAMLResponse', logoutResponse(await ourLogoutRequestId()), '/bye', idpSigned());
    await expect(redirect(query)).resolves.toEqual({ kind: 'response', relayState: '/bye' });
    await expectRefused(redirect(query), 'saml/replayed');
  });

  it('refuses a LogoutResponse to a request we never sent', async () => {
    await expectRefused(
      redirect(redirectQuery('SAMLResponse', logoutResponse('_never'), undefined, idpSigned())),
      'saml/unknown-request',
    );
  });

  it('refuses a LogoutResponse whose status is not Success', async () => {
    const xml = logoutResponse(await ourLogoutRequestId(), { statusCode: STATUS.responder });
    await expectRefused(
      redirect(redirectQuery('SAMLResponse', xml, undefined, idpSigned())),
      'saml/status-not-success',
    );
  });

  it('refuses an unsigned LogoutResponse', async () => {
    const xml = logoutResponse(await ourLogoutRequestId());
    await expectRefused(redirect(redirectQuery('SAMLResponse', xml, undefined, null)), 'saml/unsigned');
  });

  it('accepts a signed IdP-initiated LogoutRequest and answers with a signed LogoutResponse', async () => {
    const xml = logoutRequest();
    const result = await redirect(redirectQuery('SAMLRequest', xml, 'rs-1', idpSigned()));
    expect(result).toMatchObject({ kind: 'request', nameId: 'alice@hospital.test', sessionIndex: '_sess-alice' });
    const responseUrl = (result as { responseUrl: string }).responseUrl;
    expect(responseUrl.startsWith(`${IDP_SLO}?`)).toBe(true);
    const answer = openRedirect(responseUrl, keys.sp.certPem);
    expect(answer.signatureOk).toBe(true);
    expect(answer.params.get('RelayState')).toBe('rs-1');
    expect(answer.xml).toContain(`InResponseTo="${idOf(xml)}"`);
    expect(answer.xml).toContain(STATUS.success);
  });

  it.each<[string, () => string, SamlErrorCode]>([
    ['unsigned', () => redirectQuery('SAMLRequest', logoutRequest(), undefined, null), 'saml/unsigned'],
    [
      'signed with SHA-1',
      () => redirectQuery('SAMLRequest', logoutRequest(), undefined, { key: keys.idp.keyPem, algorithm: 'sha1' }),
      'saml/sha1',
    ],
    [
      'signed by an impostor key',
      () => redirectQuery('SAMLRequest', logoutRequest(), undefined, { key: keys.impostor.keyPem }),
      'saml/bad-signature',
    ],
    [
      'addressed to another SP',
      () =>
        redirectQuery('SAMLRequest', logoutRequest({ destination: 'https://x.example/slo' }), undefined, idpSigned()),
      'saml/wrong-destination',
    ],
    [
      'from another issuer',
      () => redirectQuery('SAMLRequest', logoutRequest({ issuer: 'https://evil.example' }), undefined, idpSigned()),
      'saml/wrong-issuer',
    ],
    [
      'issued too long ago',
      () => redirectQuery('SAMLRequest', logoutRequest({ now: minutes(-10) }), undefined, idpSigned()),
      'saml/expired',
    ],
    [
      'with a repeated parameter',
      () => `${redirectQuery('SAMLRequest', logoutRequest(), undefined, idpSigned())}&RelayState=a&RelayState=b`,
      'saml/malformed',
    ],
    [
      'with a SAMLRequest swapped after signing',
      () => {
        const signed = redirectQuery('SAMLRequest', logoutRequest(), undefined, idpSigned());
        const other = redirectQuery('SAMLRequest', logoutRequest({ nameId: 'bob@hospital.test' }), undefined, null);
        return signed.replace(/^SAMLRequest=[^&]*/, other);
      },
      'saml/bad-signature',
    ],
  ])('refuses an IdP LogoutRequest %s', async (_name, query, code) => {
    await expectRefused(redirect(query()), code);
  });

  it('accepts a signed LogoutRequest over the POST binding and refuses it unsigned or tampered', async () => {
    const signing = { key: keys.idp.keyPem, cert: keys.idp.certPem };
    const signed = signElement(logoutRequest(), 'LogoutRequest', true, signing);
    const post = (xml: string): ReturnType<SamlServiceProvider['acceptLogout']> =>
      sp.acceptLogout({ binding: 'post', body: { SAMLRequest: Buffer.from(xml).toString('base64') } }, NOW);
    await expectRefused(post(logoutRequest()), 'saml/unsigned');
    await expectRefused(post(signed.replace('_sess-alice', '_sess-other')), 'saml/bad-signature');
    await expect(post(signed)).resolves.toMatchObject({ kind: 'request', nameId: 'alice@hospital.test' });
  });

  it('refuses SP-initiated logout when no IdP logoutUrl is configured', async () => {
    const noSlo = makeTestSp(keys, { logoutUrl: undefined }).sp;
    await expectRefused(noSlo.logoutUrl({ nameId: 'alice@hospital.test' }, '', NOW), 'saml/invalid-settings');
  });
});

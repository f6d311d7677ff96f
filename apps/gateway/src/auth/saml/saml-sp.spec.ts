import {
  forgeResponse,
  forgeResponseXml,
  signElement,
  STATUS,
  type ForgeResponseOptions,
} from '../../../../../test-support/saml/saml-forge';
import { injectNameIdComment, WRAPPING_ATTACKS } from '../../../../../test-support/saml/saml-wrapping';
import {
  ENDPOINTS,
  goodResponse,
  IDP_ISSUER,
  makeSamlTestKeys,
  makeTestSp,
  NOW,
  pendingRequestId,
  type SamlTestKeys,
} from '../../../../../test-support/saml/sp-fixture';
import { SamlError, type SamlErrorCode } from './saml-errors';
import type { SamlServiceProvider } from './saml-sp';

const b64 = (xml: string): string => Buffer.from(xml).toString('base64');
const minutes = (n: number): Date => new Date(NOW.getTime() + n * 60_000);
const EVIL = 'mallory@evil.test';

/** The refusal a promise ends in; fails the test if it resolves or throws anything but a SamlError. */
async function refusal(p: Promise<unknown>): Promise<SamlError> {
  let outcome: unknown;
  try {
    outcome = await p;
  } catch (err) {
    if (err instanceof SamlError) return err;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(outcome)}`);
}

/** Refused with `code`, and the message (which reaches logs) quotes no NameID or attribute value. */
async function expectRefused(p: Promise<unknown>, code: SamlErrorCode): Promise<void> {
  const err = await refusal(p);
  expect(err.code).toBe(code);
  expect(err.message).not.toMatch(/alice|mallory|hospital\.test|evil\.test|pacs-admins/);
}

let keys: SamlTestKeys;
beforeAll(() => {
  keys = makeSamlTestKeys();
});

describe('SamlServiceProvider.acceptResponse', () => {
  let sp: SamlServiceProvider;
  let requestId: string;
  let good: ForgeResponseOptions;

  beforeEach(async () => {
    const made = makeTestSp(keys);
    sp = made.sp;
    requestId = await pendingRequestId(sp, made.store);
    good = goodResponse(keys, requestId);
  });

  const accept = (o: Partial<ForgeResponseOptions>, now = NOW): Promise<unknown> =>
    sp.acceptResponse(forgeResponse({ ...good, ...o }), now);

  it('accepts a response whose assertion is signed and maps nameId, email, display name and groups', async () => {
    await expect(sp.acceptResponse(forgeResponse(good), NOW)).resolves.toEqual({
      nameId: 'alice@hospital.test',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      sessionIndex: '_sess-alice',
      email: 'alice@hospital.test',
      displayName: 'Alice Admin',
      groups: ['pacs-admins', 'radiology-users'],
      issuer: IDP_ISSUER,
      inResponseTo: requestId,
    });
  });

  it('accepts a signed response around a signed assertion when both verify', async () => {
    const signing = { ...good.signing!, signResponse: true };
    await expect(accept({ signing })).resolves.toMatchObject({ nameId: 'alice@hospital.test' });
  });

  it('accepts an assertion signed by the second configured certificate (rollover)', async () => {
    const made = makeTestSp(keys, { idpCerts: [keys.idp.certPem, keys.rollover.certPem] });
    const id = await pendingRequestId(made.sp, made.store);
    const signing = { ...good.signing!, key: keys.rollover.keyPem, cert: keys.rollover.certPem };
    const res = forgeResponse({ ...goodResponse(keys, id), signing });
    await expect(made.sp.acceptResponse(res, NOW)).resolves.toMatchObject({
      groups: ['pacs-admins', 'radiology-users'],
    });
  });

  it('tolerates a NotOnOrAfter passed by less than the clock skew', async () => {
    const ended = minutes(-0.5);
    await expect(accept({ notOnOrAfter: ended, subjectNotOnOrAfter: ended })).resolves.toMatchObject({
      nameId: 'alice@hospital.test',
    });
  });

  it('reads the whole signed NameID when a comment was injected into it after signing', async () => {
    const xml = injectNameIdComment(forgeResponseXml({ ...good, nameId: 'alice@hospital.test.evil.test' }), 19);
    expect(xml).toContain('alice@hospital.test<!---->.evil.test');
    await expect(sp.acceptResponse(b64(xml), NOW)).resolves.toMatchObject({ nameId: 'alice@hospital.test.evil.test' });
  });

  describe('refuses', () => {
    it('an assertion re-signed by another key with the same subject CN', async () => {
      const signing = { ...good.signing!, key: keys.impostor.keyPem, cert: keys.impostor.certPem };
      await expectRefused(accept({ signing }), 'saml/bad-signature');
    });

    it.each(Object.entries(WRAPPING_ATTACKS))('signature wrapping: %s', async (name, wrap) => {
      const xml = wrap(forgeResponseXml(good), EVIL);
      const multiple = !name.startsWith('signature copied');
      await expectRefused(
        sp.acceptResponse(b64(xml), NOW),
        multiple ? 'saml/multiple-assertions' : 'saml/bad-signature',
      );
    });

    it('signature wrapping inside a signed Response (evil assertion next to the signed one)', async () => {
      const xml = WRAPPING_ATTACKS['evil assertion after the signed one'](
        forgeResponseXml({ ...good, signing: { ...good.signing!, signResponse: true } }),
        EVIL,
      );
      await expectRefused(sp.acceptResponse(b64(xml), NOW), 'saml/multiple-assertions');
    });

    it('a response with no signature at all', async () => {
      await expectRefused(accept({ signing: null }), 'saml/unsigned');
    });

    it('an unsigned assertion inside a signed response', async () => {
      await expectRefused(
        accept({ signing: { ...good.signing!, signAssertion: false, signResponse: true } }),
        'saml/unsigned',
      );
    });

    it('a signed assertion inside a Response signed by another key (both must verify)', async () => {
      const assertionOnly = forgeResponseXml(good);
      const xml = signElement(assertionOnly, 'Response', true, {
        key: keys.impostor.keyPem,
        cert: keys.impostor.certPem,
      });
      await expectRefused(sp.acceptResponse(b64(xml), NOW), 'saml/bad-signature');
    });

    it('an assertion whose NameID was changed after signing', async () => {
      const xml = forgeResponseXml(good).replace('>alice@hospital.test</saml:NameID>', `>${EVIL}</saml:NameID>`);
      await expectRefused(sp.acceptResponse(b64(xml), NOW), 'saml/bad-signature');
    });

    it('an expired assertion (Conditions NotOnOrAfter + skew passed)', async () => {
      await expectRefused(accept({ notOnOrAfter: minutes(-2), subjectNotOnOrAfter: minutes(5) }), 'saml/expired');
    });

    it('an expired SubjectConfirmationData', async () => {
      await expectRefused(accept({ subjectNotOnOrAfter: minutes(-2) }), 'saml/expired');
    });

    it('an assertion not yet valid (NotBefore beyond the skew)', async () => {
      await expectRefused(accept({ notBefore: minutes(2) }), 'saml/not-yet-valid');
    });

    it('a wrong Audience', async () => {
      await expectRefused(accept({ audience: 'https://other-sp.example/metadata' }), 'saml/wrong-audience');
    });

    it('a missing AudienceRestriction', async () => {
      await expectRefused(accept({ audience: null }), 'saml/wrong-audience');
    });

    it('a wrong Destination', async () => {
      await expectRefused(accept({ destination: 'https://other-sp.example/acs' }), 'saml/wrong-destination');
    });

    it('a missing Destination', async () => {
      await expectRefused(accept({ destination: null }), 'saml/wrong-destination');
    });

    it('a wrong Recipient', async () => {
      await expectRefused(accept({ recipient: 'https://other-sp.example/acs' }), 'saml/wrong-recipient');
    });

    it('a wrong Issuer on the assertion and the response', async () => {
      await expectRefused(accept({ issuer: 'https://evil-idp.example' }), 'saml/wrong-issuer');
    });

    it('a wrong Issuer on the assertion when the response has none', async () => {
      await expectRefused(accept({ issuer: 'https://evil-idp.example', responseIssuer: null }), 'saml/wrong-issuer');
    });

    it('a wrong Issuer on the response only', async () => {
      await expectRefused(accept({ responseIssuer: 'https://evil-idp.example' }), 'saml/wrong-issuer');
    });

    it('a non-Success status even with a valid signed assertion', async () => {
      await expectRefused(accept({ statusCode: STATUS.responder }), 'saml/status-not-success');
    });

    it('a SHA-1 signature algorithm', async () => {
      await expectRefused(accept({ signing: { ...good.signing!, signatureAlgorithm: 'sha1' } }), 'saml/sha1');
    });

    it('a SHA-1 digest algorithm', async () => {
      await expectRefused(accept({ signing: { ...good.signing!, digestAlgorithm: 'sha1' } }), 'saml/sha1');
    });

    it('an InResponseTo that names no request we sent', async () => {
      await expectRefused(accept({ inResponseTo: '_never-sent' }), 'saml/unknown-request');
    });

    it('an InResponseTo whose request expired', async () => {
      const late = { notOnOrAfter: minutes(10), subjectNotOnOrAfter: minutes(10) };
      await expectRefused(accept(late, minutes(6)), 'saml/unknown-request');
    });

    it('an assertion InResponseTo that differs from the Response InResponseTo', async () => {
      await expectRefused(accept({ subjectInResponseTo: '_other' }), 'saml/unknown-request');
    });

    it('the same response replayed after its first use', async () => {
      const res = forgeResponse(good);
      await sp.acceptResponse(res, NOW);
      await expectRefused(sp.acceptResponse(res, NOW), 'saml/replayed');
    });

    it('an IdP-initiated response while IdP-initiated login is disabled', async () => {
      await expectRefused(accept({ inResponseTo: undefined }), 'saml/idp-initiated-disabled');
    });

    it('two assertions, each validly signed', async () => {
      const one = forgeResponseXml(good);
      const other = forgeResponseXml({ ...good, nameId: EVIL });
      const second = other.slice(other.indexOf('<saml:Assertion '), other.indexOf('</samlp:Response>'));
      await expectRefused(
        sp.acceptResponse(b64(one.replace('</samlp:Response>', `${second}</samlp:Response>`)), NOW),
        'saml/multiple-assertions',
      );
    });

    it('an EncryptedAssertion', async () => {
      const xml = forgeResponseXml({ ...good, signing: null }).replace(
        /<saml:Assertion [\s\S]*<\/saml:Assertion>/,
        '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion>',
      );
      await expectRefused(sp.acceptResponse(b64(xml), NOW), 'saml/encrypted-unsupported');
    });

    it('malformed base64', async () => {
      await expectRefused(sp.acceptResponse('not*base64!', NOW), 'saml/malformed');
    });

    it('malformed XML', async () => {
      await expectRefused(
        sp.acceptResponse(b64('<samlp:Response xmlns:samlp="x"><unclosed></samlp:Response>'), NOW),
        'saml/malformed',
      );
    });

    it('XML that is not a samlp:Response', async () => {
      await expectRefused(sp.acceptResponse(b64('<html><body/></html>'), NOW), 'saml/malformed');
    });

    it('a DOCTYPE with an external entity (XXE)', async () => {
      const xml = forgeResponseXml(good).replace(
        '<samlp:Response ',
        '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:Response ',
      );
      await expectRefused(sp.acceptResponse(b64(xml.replace('_sess-alice', '&xxe;')), NOW), 'saml/doctype');
    });
  });
});

describe('SamlServiceProvider.acceptResponse with IdP-initiated login enabled', () => {
  it('accepts an unsolicited response once and refuses its replay', async () => {
    const { sp } = makeTestSp(keys, { allowIdpInitiated: true });
    const res = forgeResponse(goodResponse(keys, undefined));
    await expect(sp.acceptResponse(res, NOW)).resolves.toMatchObject({
      nameId: 'alice@hospital.test',
      inResponseTo: undefined,
    });
    await expectRefused(sp.acceptResponse(res, NOW), 'saml/replayed');
  });

  it('still checks a solicited response against the store', async () => {
    const { sp } = makeTestSp(keys, { allowIdpInitiated: true });
    await expectRefused(
      sp.acceptResponse(forgeResponse(goodResponse(keys, '_never-sent')), NOW),
      'saml/unknown-request',
    );
  });

  it('reports the SP endpoints derived from publicUrl', () => {
    const { sp } = makeTestSp(keys);
    expect(sp.endpoints).toEqual(ENDPOINTS);
  });
});

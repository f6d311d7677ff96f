import { SignedXml } from 'xml-crypto';
import { forgeResponseXml } from './saml-forge';
import { evilAssertion, injectNameIdComment, signatureOf, splitAssertion, WRAPPING_ATTACKS } from './saml-wrapping';
import { goodResponse, makeSamlTestKeys, type SamlTestKeys } from './sp-fixture';

/** The attacks are only worth testing against if they are real: the IdP's signature kept, an evil identity added. */
describe('saml-wrapping transforms', () => {
  let keys: SamlTestKeys;
  let signed: string;
  beforeAll(() => {
    keys = makeSamlTestKeys();
    signed = forgeResponseXml(goodResponse(keys, '_r1'));
  });

  it('forges an assertion whose signature xml-crypto verifies with the IdP certificate only', () => {
    const check = (cert: string): boolean => {
      const sig = new SignedXml({ publicCert: cert });
      sig.loadSignature(signatureOf(splitAssertion(signed).assertion));
      try {
        return sig.checkSignature(splitAssertion(signed).assertion);
      } catch {
        return false; // xml-crypto 6 throws on a wrong SignatureValue
      }
    };
    expect(check(keys.idp.certPem)).toBe(true);
    expect(check(keys.impostor.certPem)).toBe(false);
  });

  it.each(Object.keys(WRAPPING_ATTACKS))('%s keeps the original SignatureValue and adds the evil NameID', (name) => {
    const out = WRAPPING_ATTACKS[name](signed, 'mallory@evil.test');
    const value = /<ds:SignatureValue>([^<]+)</.exec(signed)![1];
    expect(out).toContain(value);
    expect(out).toContain('>mallory@evil.test</saml:NameID>');
  });

  it('evilAssertion drops the signature and takes a new ID unless asked to keep it', () => {
    const { assertion } = splitAssertion(signed);
    expect(evilAssertion(assertion, 'x')).not.toContain('<ds:Signature');
    expect(evilAssertion(assertion, 'x')).toContain('ID="_evil-assertion"');
    expect(evilAssertion(assertion, 'x', { keepId: true })).toContain(/ ID="([^"]+)"/.exec(assertion)![0]);
  });

  it('injects a comment inside the NameID text', () => {
    expect(injectNameIdComment(signed, 5)).toContain('>alice<!---->@hospital.test</saml:NameID>');
  });
});

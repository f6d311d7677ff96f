import { forgeResponseXml } from '../../../../../test-support/saml/saml-forge';
import { injectNameIdComment, WRAPPING_ATTACKS } from '../../../../../test-support/saml/saml-wrapping';
import { goodResponse, makeSamlTestKeys, type SamlTestKeys } from '../../../../../test-support/saml/sp-fixture';
import { SamlError } from './saml-errors';
import { VerifyingSaml } from './saml-signature';
import { descendantsByLocalName, NS, requiredChild, textOf, type XmlElement } from './saml-xml';

/**
 * The verifier alone, without the envelope checks in front of it: whatever the wrapping, it either
 * refuses or hands back the assertion the IdP signed, never the attacker's.
 */
describe('VerifyingSaml.verifiedAssertion', () => {
  let keys: SamlTestKeys;
  let verifier: VerifyingSaml;
  let responseVerifier: VerifyingSaml;
  beforeAll(() => {
    keys = makeSamlTestKeys();
    const config = { idpCert: [keys.idp.certPem], issuer: 'sp', callbackUrl: 'https://sp.example/acs' };
    verifier = new VerifyingSaml({ ...config, wantAuthnResponseSigned: false });
    responseVerifier = new VerifyingSaml({ ...config, wantAuthnResponseSigned: true });
  });

  const nameIdEl = (assertion: XmlElement): XmlElement =>
    requiredChild(requiredChild(assertion, NS.assertion, 'Subject'), NS.assertion, 'NameID');
  const nameIdOf = (assertion: XmlElement): string => textOf(nameIdEl(assertion));

  it('returns the signed bytes (enveloped signature and comments gone), not the received element', async () => {
    const xml = injectNameIdComment(forgeResponseXml(goodResponse(keys, '_r1')), 5);
    const verified = await verifier.verifiedAssertion(Buffer.from(xml));
    expect(descendantsByLocalName(verified, 'Signature')).toHaveLength(0);
    expect(nameIdOf(verified)).toBe('alice@hospital.test');
    expect(nameIdEl(verified).firstChild?.nextSibling).toBeNull(); // one text node: the comment is not there
  });

  it.each(Object.entries(WRAPPING_ATTACKS))('never yields the evil assertion: %s', async (_name, wrap) => {
    for (const [signResponse, v] of [
      [false, (): VerifyingSaml => verifier],
      [true, (): VerifyingSaml => responseVerifier],
    ] as const) {
      const good = goodResponse(keys, '_r1');
      const xml = wrap(forgeResponseXml({ ...good, signing: { ...good.signing!, signResponse } }), 'mallory@evil.test');
      const outcome = await v()
        .verifiedAssertion(Buffer.from(xml))
        .then(nameIdOf, (e: unknown) => e);
      if (outcome instanceof SamlError) expect(outcome.code).toBe('saml/bad-signature');
      else expect(outcome).toBe('alice@hospital.test');
    }
  });
});

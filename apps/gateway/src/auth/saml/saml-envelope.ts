/**
 * Checks on the <samlp:Response> as received, before any signature is verified. They can only refuse:
 * nothing read here reaches the identity, which comes from the verified assertion (saml-assertion.ts).
 */
import { checkXmlAlgorithms } from './saml-algorithms';
import { SamlError } from './saml-errors';
import {
  attr,
  children,
  descendantsByLocalName,
  NS,
  optionalChild,
  parseSamlXml,
  requiredChild,
  requiredId,
  STATUS_SUCCESS,
  textOf,
  type XmlDocument,
  type XmlElement,
} from './saml-xml';

export interface CheckedEnvelope {
  /** The ID of the one Assertion; the verified copy must carry the same. */
  assertionId: string;
  /** The Response carries its own enveloped signature, which must then verify too. */
  responseSigned: boolean;
  /** Response/@InResponseTo; the verified SubjectConfirmationData must repeat it. */
  inResponseTo?: string;
}

export function checkResponseEnvelope(xml: Buffer, expected: { idpIssuer: string; acsUrl: string }): CheckedEnvelope {
  const doc = parseSamlXml(xml, 'SAMLResponse');
  const response = doc.documentElement;
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    throw new SamlError('saml/malformed', 'SAMLResponse root is not samlp:Response');
  }
  if (attr(response, 'Version') !== '2.0') throw new SamlError('saml/malformed', 'Response Version is not 2.0');
  requiredId(response);
  checkXmlAlgorithms(doc);
  checkStatus(response);

  // SAML Core §3.2.2: the Response Issuer is optional, but when present it names the IdP.
  const issuer = optionalChild(response, NS.assertion, 'Issuer');
  if (issuer && textOf(issuer) !== expected.idpIssuer) {
    throw new SamlError('saml/wrong-issuer', 'Response Issuer is not the configured IdP');
  }
  // SAML Bindings §3.5.5.2 requires Destination on signed messages; we require it always.
  if (attr(response, 'Destination') !== expected.acsUrl) {
    throw new SamlError('saml/wrong-destination', 'Response Destination is not the ACS URL');
  }

  const assertion = theOneAssertion(doc, response);
  if (children(assertion, NS.dsig, 'Signature').length === 0) {
    throw new SamlError('saml/unsigned', 'Assertion is not signed');
  }
  return {
    assertionId: requiredId(assertion),
    responseSigned: children(response, NS.dsig, 'Signature').length > 0,
    inResponseTo: attr(response, 'InResponseTo'),
  };
}

/**
 * SAML Core §3.2.2.2: only a top-level Success carries a usable assertion. node-saml 5.1 ignores the
 * status once a signed assertion is present; we refuse first.
 */
function checkStatus(response: XmlElement): void {
  const status = requiredChild(response, NS.protocol, 'Status');
  const code = requiredChild(status, NS.protocol, 'StatusCode');
  if (attr(code, 'Value') !== STATUS_SUCCESS) {
    throw new SamlError('saml/status-not-success', 'Response top-level StatusCode is not Success');
  }
}

/**
 * Exactly one Assertion in the whole document, and it is a direct child of the Response. Counting at
 * every depth and in every namespace refuses the signature-wrapping family (a second assertion in
 * Extensions, in a ds:Object, inside the signed one, before or after it) before any signature is read.
 */
function theOneAssertion(doc: XmlDocument, response: XmlElement): XmlElement {
  if (descendantsByLocalName(doc, 'EncryptedAssertion').length > 0) {
    throw new SamlError('saml/encrypted-unsupported', 'EncryptedAssertion is not supported');
  }
  const all = descendantsByLocalName(doc, 'Assertion');
  if (all.length > 1) throw new SamlError('saml/multiple-assertions', 'Response holds more than one Assertion');
  const direct = children(response, NS.assertion, 'Assertion');
  if (direct.length !== 1 || all[0] !== direct[0]) {
    throw new SamlError('saml/malformed', 'Response has no Assertion');
  }
  return direct[0];
}

/**
 * Single Logout messages from the IdP (SAML Profiles §4.4), over HTTP-Redirect or HTTP-POST. Both must
 * be signed (node-saml 5.1 accepts unsigned ones); every value is read from the verified message.
 */
import { checkXmlAlgorithms } from './saml-algorithms';
import { SamlError } from './saml-errors';
import { verifyEnvelopedRoot, verifyRedirectQuery } from './saml-signature';
import {
  attr,
  children,
  decodeBase64,
  inflate,
  NS,
  optionalChild,
  parseSamlXml,
  requiredChild,
  requiredId,
  STATUS_SUCCESS,
  textOf,
  timeAttr,
  type XmlElement,
} from './saml-xml';

/**
 * What arrived at the SLO endpoint. Redirect binding: the query string exactly as received (e.g.
 * `req.originalUrl` after `?`), because the signature covers its URL-encoded bytes. POST binding: the
 * urlencoded form fields.
 */
export type SamlLogoutInput =
  | { binding: 'redirect'; rawQuery: string }
  | { binding: 'post'; body: { SAMLRequest?: string; SAMLResponse?: string; RelayState?: string } };

export interface VerifiedLogoutMessage {
  root: XmlElement;
  relayState?: string;
}

export interface LogoutContext {
  idpIssuer: string;
  sloUrl: string;
  idpCerts: string[];
  clockSkewMs: number;
  requestTtlMs: number;
  now: number;
}

export function verifyLogoutMessage(input: SamlLogoutInput, idpCerts: string[]): VerifiedLogoutMessage {
  if (input.binding === 'redirect') {
    const { kind, message, relayState } = verifyRedirectQuery(input.rawQuery, idpCerts);
    const doc = parseSamlXml(inflate(message, kind), kind);
    checkXmlAlgorithms(doc);
    return { root: doc.documentElement, relayState };
  }
  const { SAMLRequest, SAMLResponse, RelayState } = input.body;
  if ((SAMLRequest === undefined) === (SAMLResponse === undefined)) {
    throw new SamlError('saml/malformed', 'form needs exactly one of SAMLRequest and SAMLResponse');
  }
  const kind = SAMLRequest !== undefined ? 'SAMLRequest' : 'SAMLResponse';
  const xml = decodeBase64((SAMLRequest ?? SAMLResponse)!, kind).toString('utf8');
  const doc = parseSamlXml(xml, kind);
  checkXmlAlgorithms(doc);
  if (children(doc.documentElement, NS.dsig, 'Signature').length === 0) {
    throw new SamlError('saml/unsigned', `${kind} is not signed`);
  }
  return { root: verifyEnvelopedRoot(xml, doc.documentElement, idpCerts, kind), relayState: RelayState };
}

export interface CheckedLogoutMessage {
  id: string;
  /** How long the message ID stays in the replay cache. */
  usableUntil: Date;
}

/** Issuer, Destination and freshness, common to LogoutRequest and LogoutResponse (SAML Core §3.2.1-§3.2.2). */
export function checkLogoutCommon(root: XmlElement, name: string, ctx: LogoutContext): CheckedLogoutMessage {
  if (root.namespaceURI !== NS.protocol || root.localName !== name) {
    throw new SamlError('saml/malformed', `message root is not samlp:${name}`);
  }
  const issuer = requiredChild(root, NS.assertion, 'Issuer');
  if (textOf(issuer) !== ctx.idpIssuer)
    throw new SamlError('saml/wrong-issuer', `${name} Issuer is not the configured IdP`);
  if (attr(root, 'Destination') !== ctx.sloUrl) {
    throw new SamlError('saml/wrong-destination', `${name} Destination is not the SLO URL`);
  }
  // Logout messages carry no validity window of their own: IssueInstant plus the request TTL bounds them.
  const issued = timeAttr(root, 'IssueInstant');
  if (issued === undefined) throw new SamlError('saml/malformed', `${name} has no IssueInstant`);
  if (issued > ctx.now + ctx.clockSkewMs)
    throw new SamlError('saml/not-yet-valid', `${name} IssueInstant is in the future`);
  if (issued + ctx.requestTtlMs <= ctx.now - ctx.clockSkewMs) throw new SamlError('saml/expired', `${name} is too old`);
  return { id: requiredId(root), usableUntil: new Date(issued + ctx.requestTtlMs + ctx.clockSkewMs) };
}

/** SAML Core §3.7.1: the principal (NameID) and optional SessionIndex to end; NotOnOrAfter honoured. */
export function checkLogoutRequest(root: XmlElement, ctx: LogoutContext) {
  const common = checkLogoutCommon(root, 'LogoutRequest', ctx);
  const notOnOrAfter = timeAttr(root, 'NotOnOrAfter');
  if (notOnOrAfter !== undefined && ctx.now - ctx.clockSkewMs >= notOnOrAfter) {
    throw new SamlError('saml/expired', 'LogoutRequest NotOnOrAfter has passed');
  }
  if (optionalChild(root, NS.assertion, 'EncryptedID')) {
    throw new SamlError('saml/encrypted-unsupported', 'EncryptedID is not supported');
  }
  const nameIdEl = requiredChild(root, NS.assertion, 'NameID');
  const nameId = textOf(nameIdEl);
  if (!nameId) throw new SamlError('saml/malformed', 'NameID is empty');
  const sessionIndex = children(root, NS.protocol, 'SessionIndex').map(textOf)[0];
  return { ...common, nameId, nameIdFormat: attr(nameIdEl, 'Format'), sessionIndex };
}

/** SAML Core §3.7.2: a status response to OUR LogoutRequest, so InResponseTo is required. */
export function checkLogoutResponse(root: XmlElement, ctx: LogoutContext) {
  const common = checkLogoutCommon(root, 'LogoutResponse', ctx);
  const code = requiredChild(requiredChild(root, NS.protocol, 'Status'), NS.protocol, 'StatusCode');
  if (attr(code, 'Value') !== STATUS_SUCCESS) {
    throw new SamlError('saml/status-not-success', 'LogoutResponse top-level StatusCode is not Success');
  }
  const inResponseTo = attr(root, 'InResponseTo');
  if (!inResponseTo) throw new SamlError('saml/unknown-request', 'LogoutResponse has no InResponseTo');
  return { ...common, inResponseTo };
}

/**
 * Reads and checks the VERIFIED assertion: the element rebuilt from the bytes the signature covers
 * (node-saml's verified output), never the received document. Web Browser SSO Profile rules, SAML
 * Profiles §4.1.4.2-§4.1.4.3; README.md lists each check.
 */
import { SamlError } from './saml-errors';
import {
  attr,
  BEARER,
  children,
  NS,
  optionalChild,
  requiredChild,
  requiredId,
  textOf,
  timeAttr,
  type XmlElement,
} from './saml-xml';

export interface SamlIdentity {
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  email?: string;
  displayName?: string;
  groups: string[];
  issuer: string;
  inResponseTo?: string;
}

export interface AssertionContext {
  idpIssuer: string;
  entityId: string;
  acsUrl: string;
  groupsAttribute: string;
  clockSkewMs: number;
  now: number;
  /** Response/@InResponseTo from the envelope, which the verified assertion must repeat. */
  envelopeInResponseTo?: string;
}

export interface CheckedAssertion {
  id: string;
  identity: SamlIdentity;
  /** Until when the assertion could be accepted: how long its ID must stay in the replay cache. */
  usableUntil: Date;
}

const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'urn:oid:0.9.2342.19200300.100.1.3',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
];
const DISPLAY_NAME_ATTRIBUTES = [
  'displayName',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'http://schemas.microsoft.com/identity/claims/displayname',
];
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export function checkVerifiedAssertion(assertion: XmlElement, ctx: AssertionContext): CheckedAssertion {
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') {
    throw new SamlError('saml/malformed', 'verified element is not saml:Assertion');
  }
  const issuer = textOf(requiredChild(assertion, NS.assertion, 'Issuer'));
  if (issuer !== ctx.idpIssuer) throw new SamlError('saml/wrong-issuer', 'Assertion Issuer is not the configured IdP');
  checkConditions(requiredChild(assertion, NS.assertion, 'Conditions'), ctx);
  const subject = requiredChild(assertion, NS.assertion, 'Subject');
  const { nameId, nameIdFormat } = readNameId(subject);
  const confirmation = bearerConfirmation(subject, ctx);
  const sessionIndex = checkAuthnStatement(assertion, ctx);
  const attributes = readAttributes(assertion);
  const first = (names: string[]): string | undefined => names.map((n) => attributes.get(n)?.[0]).find(Boolean);
  return {
    id: requiredId(assertion),
    usableUntil: new Date(confirmation.notOnOrAfter + ctx.clockSkewMs),
    identity: {
      nameId,
      nameIdFormat,
      sessionIndex,
      email: first(EMAIL_ATTRIBUTES) ?? (nameIdFormat === EMAIL_FORMAT ? nameId : undefined),
      displayName: first(DISPLAY_NAME_ATTRIBUTES),
      groups: [...new Set(attributes.get(ctx.groupsAttribute) ?? [])],
      issuer,
      inResponseTo: confirmation.inResponseTo,
    },
  };
}

/** SAML Core §2.5.1.2 (validity window) and §2.5.1.4 (every AudienceRestriction must name us). */
function checkConditions(conditions: XmlElement, ctx: AssertionContext): void {
  checkWindow(conditions, ctx, 'Conditions');
  const restrictions = children(conditions, NS.assertion, 'AudienceRestriction');
  const ours = (r: XmlElement): boolean =>
    children(r, NS.assertion, 'Audience').some((a) => textOf(a) === ctx.entityId);
  if (restrictions.length === 0 || !restrictions.every(ours)) {
    throw new SamlError('saml/wrong-audience', 'AudienceRestriction does not name this SP');
  }
}

function checkWindow(el: XmlElement, ctx: AssertionContext, name: string): number | undefined {
  const notBefore = timeAttr(el, 'NotBefore');
  const notOnOrAfter = timeAttr(el, 'NotOnOrAfter');
  if (notBefore !== undefined && ctx.now + ctx.clockSkewMs < notBefore) {
    throw new SamlError('saml/not-yet-valid', `${name} NotBefore is in the future`);
  }
  if (notOnOrAfter !== undefined && ctx.now - ctx.clockSkewMs >= notOnOrAfter) {
    throw new SamlError('saml/expired', `${name} NotOnOrAfter has passed`);
  }
  return notOnOrAfter;
}

function readNameId(subject: XmlElement): { nameId: string; nameIdFormat?: string } {
  if (optionalChild(subject, NS.assertion, 'EncryptedID')) {
    throw new SamlError('saml/encrypted-unsupported', 'EncryptedID is not supported');
  }
  const el = requiredChild(subject, NS.assertion, 'NameID');
  const nameId = textOf(el);
  if (!nameId) throw new SamlError('saml/malformed', 'NameID is empty');
  return { nameId, nameIdFormat: attr(el, 'Format') };
}

/**
 * SAML Profiles §4.1.4.2: a bearer SubjectConfirmationData with our ACS as Recipient and a
 * NotOnOrAfter; InResponseTo equal to the request's ID when solicited. The first bearer confirmation
 * that passes every check is used; if none does, the first one's refusal is reported.
 */
function bearerConfirmation(
  subject: XmlElement,
  ctx: AssertionContext,
): { notOnOrAfter: number; inResponseTo?: string } {
  const bearers = children(subject, NS.assertion, 'SubjectConfirmation').filter((c) => attr(c, 'Method') === BEARER);
  if (bearers.length === 0) throw new SamlError('saml/malformed', 'Subject has no bearer SubjectConfirmation');
  let firstError: unknown;
  for (const bearer of bearers) {
    try {
      return checkConfirmationData(requiredChild(bearer, NS.assertion, 'SubjectConfirmationData'), ctx);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

function checkConfirmationData(
  data: XmlElement,
  ctx: AssertionContext,
): { notOnOrAfter: number; inResponseTo?: string } {
  if (attr(data, 'Recipient') !== ctx.acsUrl) {
    throw new SamlError('saml/wrong-recipient', 'SubjectConfirmationData Recipient is not the ACS URL');
  }
  const notOnOrAfter = checkWindow(data, ctx, 'SubjectConfirmationData');
  if (notOnOrAfter === undefined) {
    throw new SamlError('saml/malformed', 'SubjectConfirmationData has no NotOnOrAfter');
  }
  const inResponseTo = attr(data, 'InResponseTo');
  if (inResponseTo !== ctx.envelopeInResponseTo && ctx.envelopeInResponseTo !== undefined) {
    throw new SamlError('saml/unknown-request', 'SubjectConfirmationData InResponseTo differs from the Response');
  }
  return { notOnOrAfter, inResponseTo };
}

/** SAML Profiles §4.1.4.2: at least one AuthnStatement; its SessionNotOnOrAfter bounds the session. */
function checkAuthnStatement(assertion: XmlElement, ctx: AssertionContext): string | undefined {
  const statements = children(assertion, NS.assertion, 'AuthnStatement');
  if (statements.length === 0) throw new SamlError('saml/malformed', 'Assertion has no AuthnStatement');
  const sessionEnd = timeAttr(statements[0], 'SessionNotOnOrAfter');
  if (sessionEnd !== undefined && ctx.now - ctx.clockSkewMs >= sessionEnd) {
    throw new SamlError('saml/expired', 'AuthnStatement SessionNotOnOrAfter has passed');
  }
  return attr(statements[0], 'SessionIndex');
}

/** Attribute Name → every AttributeValue's text, across all AttributeStatements (multi-valued). */
function readAttributes(assertion: XmlElement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    if (children(statement, NS.assertion, 'EncryptedAttribute').length > 0) {
      throw new SamlError('saml/encrypted-unsupported', 'EncryptedAttribute is not supported');
    }
    for (const a of children(statement, NS.assertion, 'Attribute')) {
      const name = attr(a, 'Name');
      if (!name) throw new SamlError('saml/malformed', 'Attribute has no Name');
      const values = children(a, NS.assertion, 'AttributeValue').map(textOf);
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

/**
 * Builds SAML 2.0 Responses and logout messages for negative tests, signed with xml-crypto exactly as
 * an IdP would (enveloped signature after Issuer, exclusive C14N), with every field a parameter.
 * Wrapping and tampering transforms are in saml-wrapping.ts.
 */
import { createSign, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
} as const;

const ALGORITHMS = {
  sha256: {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  sha1: { signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' },
} as const;

export interface ForgeSigning {
  key: string;
  cert: string;
  signAssertion: boolean;
  signResponse: boolean;
  signatureAlgorithm?: 'sha256' | 'sha1';
  digestAlgorithm?: 'sha256' | 'sha1';
}

export interface ForgeResponseOptions {
  issuer: string;
  /** Response/Issuer; defaults to `issuer`, `null` leaves it out. */
  responseIssuer?: string | null;
  /** Response/@Destination; `null` leaves it out. */
  destination: string | null;
  recipient: string;
  /** Audience(s) in one AudienceRestriction; `null` leaves AudienceRestriction out. */
  audience: string | string[] | null;
  /** Response/@InResponseTo and SubjectConfirmationData/@InResponseTo; undefined: unsolicited. */
  inResponseTo?: string;
  /** SubjectConfirmationData/@InResponseTo when it must differ from the Response's; `null` leaves it out. */
  subjectInResponseTo?: string | null;
  now: Date;
  /** Conditions window; default now-1 min .. now+5 min. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** SubjectConfirmationData/@NotOnOrAfter; default now+5 min. */
  subjectNotOnOrAfter?: Date;
  statusCode?: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  attributes?: Record<string, string[]>;
  assertionId?: string;
  responseId?: string;
  signing: ForgeSigning | null;
}

export const newId = (): string => `_${randomBytes(16).toString('hex')}`;
const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';

export function assertionXml(o: ForgeResponseOptions, id: string): string {
  const minutes = (n: number): Date => new Date(o.now.getTime() + n * 60_000);
  const subjectIrt = o.subjectInResponseTo === undefined ? o.inResponseTo : (o.subjectInResponseTo ?? undefined);
  const audiences = o.audience === null ? [] : [o.audience].flat();
  const attrs = Object.entries(o.attributes ?? {}).map(
    ([name, values]) =>
      `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
      values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('') +
      '</saml:Attribute>',
  );
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(o.now)}">` +
    `<saml:Issuer>${esc(o.issuer)}</saml:Issuer>` +
    '<saml:Subject>' +
    `<saml:NameID Format="${esc(o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')}">${esc(o.nameId)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${iso(o.subjectNotOnOrAfter ?? minutes(5))}" Recipient="${esc(o.recipient)}"` +
    (subjectIrt ? ` InResponseTo="${esc(subjectIrt)}"` : '') +
    '/></saml:SubjectConfirmation></saml:Subject>' +
    `<saml:Conditions NotBefore="${iso(o.notBefore ?? minutes(-1))}" NotOnOrAfter="${iso(o.notOnOrAfter ?? minutes(5))}">` +
    (audiences.length
      ? `<saml:AudienceRestriction>${audiences.map((a) => `<saml:Audience>${esc(a)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`
      : '') +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${iso(o.now)}" SessionIndex="${esc(o.sessionIndex ?? '_session-1')}">` +
    '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>' +
    '</saml:AuthnStatement>' +
    (attrs.length ? `<saml:AttributeStatement>${attrs.join('')}</saml:AttributeStatement>` : '') +
    '</saml:Assertion>'
  );
}

/** The Response XML, signed as `signing` asks (assertion first, then the Response around it). */
export function forgeResponseXml(o: ForgeResponseOptions): string {
  const responseIssuer = o.responseIssuer === undefined ? o.issuer : o.responseIssuer;
  const id = o.responseId ?? newId();
  let assertion = assertionXml(o, o.assertionId ?? newId());
  if (o.signing?.signAssertion) assertion = signElement(assertion, 'Assertion', true, o.signing);
  const xml =
    `<samlp:Response ${NS} ID="${id}" Version="2.0" IssueInstant="${iso(o.now)}"` +
    (o.destination !== null ? ` Destination="${esc(o.destination)}"` : '') +
    (o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '') +
    '>' +
    (responseIssuer !== null ? `<saml:Issuer>${esc(responseIssuer)}</saml:Issuer>` : '') +
    `<samlp:Status><samlp:StatusCode Value="${esc(o.statusCode ?? STATUS.success)}"/></samlp:Status>` +
    assertion +
    '</samlp:Response>';
  return o.signing?.signResponse ? signElement(xml, 'Response', responseIssuer !== null, o.signing) : xml;
}

export function forgeResponse(o: ForgeResponseOptions): string {
  return Buffer.from(forgeResponseXml(o)).toString('base64');
}

/**
 * An enveloped signature over the root element named `root` (SAML Core §5.4.1), placed right after
 * its Issuer (or first) as the schema orders it.
 */
export function signElement(
  xml: string,
  root: string,
  hasIssuer: boolean,
  s: Pick<ForgeSigning, 'key' | 'cert' | 'signatureAlgorithm' | 'digestAlgorithm'>,
): string {
  const self = `/*[local-name(.)='${root}']`;
  const sig = new SignedXml({
    privateKey: s.key,
    publicCert: s.cert,
    signatureAlgorithm: ALGORITHMS[s.signatureAlgorithm ?? 'sha256'].signature,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: self,
    digestAlgorithm: ALGORITHMS[s.digestAlgorithm ?? 'sha256'].digest,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: hasIssuer
      ? { reference: `${self}/*[local-name(.)='Issuer']`, action: 'after' }
      : { reference: self, action: 'prepend' },
  });
  return sig.getSignedXml();
}

export interface ForgeLogoutOptions {
  issuer: string;
  destination: string | null;
  now: Date;
  id?: string;
}

export function forgeLogoutRequestXml(o: ForgeLogoutOptions & { nameId: string; sessionIndex?: string }): string {
  return (
    `<samlp:LogoutRequest ${NS} ID="${o.id ?? newId()}" Version="2.0" IssueInstant="${iso(o.now)}"` +
    (o.destination !== null ? ` Destination="${esc(o.destination)}"` : '') +
    `><saml:Issuer>${esc(o.issuer)}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(o.nameId)}</saml:NameID>` +
    (o.sessionIndex ? `<samlp:SessionIndex>${esc(o.sessionIndex)}</samlp:SessionIndex>` : '') +
    '</samlp:LogoutRequest>'
  );
}

export function forgeLogoutResponseXml(o: ForgeLogoutOptions & { inResponseTo?: string; statusCode?: string }): string {
  return (
    `<samlp:LogoutResponse ${NS} ID="${o.id ?? newId()}" Version="2.0" IssueInstant="${iso(o.now)}"` +
    (o.destination !== null ? ` Destination="${esc(o.destination)}"` : '') +
    (o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '') +
    `><saml:Issuer>${esc(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${esc(o.statusCode ?? STATUS.success)}"/></samlp:Status>` +
    '</samlp:LogoutResponse>'
  );
}

/**
 * An HTTP-Redirect binding query (SAML Bindings §3.4.4.1): DEFLATE + base64 + URL-encoding, and the
 * signature over `kind=…&RelayState=…&SigAlg=…` unless `signing` is null.
 */
export function redirectQuery(
  kind: 'SAMLRequest' | 'SAMLResponse',
  xml: string,
  relayState: string | undefined,
  signing: { key: string; algorithm?: 'sha256' | 'sha1' } | null,
): string {
  const parts = [`${kind}=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`];
  if (relayState !== undefined) parts.push(`RelayState=${encodeURIComponent(relayState)}`);
  if (!signing) return parts.join('&');
  const algorithm = signing.algorithm ?? 'sha256';
  parts.push(`SigAlg=${encodeURIComponent(ALGORITHMS[algorithm].signature)}`);
  const signature = createSign(algorithm === 'sha1' ? 'RSA-SHA1' : 'RSA-SHA256')
    .update(parts.join('&'))
    .sign(signing.key, 'base64');
  return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
}

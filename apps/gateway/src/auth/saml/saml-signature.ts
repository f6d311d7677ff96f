/**
 * Signature verification, all of it delegated to node-saml 5.1.0 (the release that reads only the
 * bytes a signature covers, CVE-2025-54369 / CVE-2025-54419), plus the HTTP-Redirect binding
 * signature, which node-saml lets through when absent and checks with SHA-1 allowed.
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile, type SamlConfig } from '@node-saml/node-saml';
import { getVerifiedXml } from '@node-saml/node-saml/lib/xml';
import { verify } from 'node:crypto';
import { redirectHash } from './saml-algorithms';
import { SamlError } from './saml-errors';
import { decodeBase64, parseSamlXml, type XmlElement } from './saml-xml';

/** Request IDs live in SamlRequestIdStore; node-saml's per-process cache is never consulted. */
const NO_CACHE: CacheProvider = {
  saveAsync: () => Promise.resolve(null),
  getAsync: () => Promise.resolve(null),
  removeAsync: () => Promise.resolve(null),
};

/**
 * node-saml with every semantic check of its own switched off (audience, clock, InResponseTo,
 * issuer) and `processValidlySignedAssertionAsync` reduced to handing back the verified assertion
 * XML: all checks are ours, coded, and read only that XML.
 */
export class VerifyingSaml extends SAML {
  constructor(config: SamlConfig) {
    super({
      ...config,
      audience: false,
      acceptedClockSkewMs: -1,
      validateInResponseTo: ValidateInResponseTo.never,
      cacheProvider: NO_CACHE,
      idpIssuer: undefined,
      wantAssertionsSigned: true,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
    });
  }

  protected override processValidlySignedAssertionAsync(
    verifiedAssertionXml: string,
  ): Promise<{ profile: Profile; loggedOut: boolean }> {
    const profile: Profile = { issuer: '', nameID: '', nameIDFormat: '', getAssertionXml: () => verifiedAssertionXml };
    return Promise.resolve({ profile, loggedOut: false });
  }

  /** The canonical XML of the assertion whose signature verified, as an element. */
  async verifiedAssertion(xml: Buffer): Promise<XmlElement> {
    let verified: string | undefined;
    try {
      const { profile } = await this.validatePostResponseAsync({ SAMLResponse: xml.toString('base64') });
      verified = profile?.getAssertionXml?.();
    } catch (cause) {
      throw new SamlError('saml/bad-signature', 'signature does not verify against any IdP certificate', { cause });
    }
    if (!verified) throw new SamlError('saml/bad-signature', 'no verified Assertion');
    return parseSamlXml(verified, 'verified Assertion').documentElement;
  }
}

/** HTTP-POST binding logout message: the root's enveloped signature, read back from the verified bytes. */
export function verifyEnvelopedRoot(xml: string, root: XmlElement, idpCerts: string[], element: string): XmlElement {
  let verified: string | null;
  try {
    verified = getVerifiedXml(xml, root, idpCerts);
  } catch (cause) {
    throw new SamlError('saml/bad-signature', `${element} signature is invalid`, { cause });
  }
  if (!verified)
    throw new SamlError('saml/bad-signature', `${element} signature does not verify against any IdP certificate`);
  return parseSamlXml(verified, element).documentElement;
}

/**
 * SAML Bindings §3.4.4.1: the signature covers `SAMLRequest|SAMLResponse=…&RelayState=…&SigAlg=…`
 * exactly as they were URL-encoded in the received query, so the raw query string is needed; each
 * parameter must appear once (a duplicate could make the verified and the used value differ).
 */
export function verifyRedirectQuery(
  rawQuery: string,
  idpCerts: string[],
): { kind: 'SAMLRequest' | 'SAMLResponse'; message: Buffer; relayState?: string } {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (raw.has(key)) throw new SamlError('saml/malformed', `query parameter ${safeName(key)} is repeated`);
    raw.set(key, eq < 0 ? '' : pair.slice(eq + 1));
  }
  const kind = raw.has('SAMLRequest') ? 'SAMLRequest' : 'SAMLResponse';
  if (raw.has('SAMLRequest') === raw.has('SAMLResponse')) {
    throw new SamlError('saml/malformed', 'query needs exactly one of SAMLRequest and SAMLResponse');
  }
  const sigAlgRaw = raw.get('SigAlg');
  const signatureRaw = raw.get('Signature');
  if (!sigAlgRaw || !signatureRaw) throw new SamlError('saml/unsigned', `${kind} carries no Signature and SigAlg`);
  const hash = redirectHash(formDecode(sigAlgRaw));
  const signed = [`${kind}=${raw.get(kind)}`];
  if (raw.has('RelayState')) signed.push(`RelayState=${raw.get('RelayState')}`);
  signed.push(`SigAlg=${sigAlgRaw}`);
  const signature = decodeBase64(formDecode(signatureRaw), 'Signature');
  const data = Buffer.from(signed.join('&'), 'utf8');
  if (!idpCerts.some((cert) => verify(hash, data, cert, signature))) {
    throw new SamlError('saml/bad-signature', `${kind} query signature does not verify against any IdP certificate`);
  }
  const relayState = raw.has('RelayState') ? formDecode(raw.get('RelayState')!) : undefined;
  return { kind, message: decodeBase64(formDecode(raw.get(kind)!), kind), relayState };
}

/** application/x-www-form-urlencoded value decoding ('+' is a space). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (cause) {
    throw new SamlError('saml/malformed', 'query parameter is not URL-encoded', { cause });
  }
}

/** A parameter name fit for a log line: only ours are echoed. */
function safeName(key: string): string {
  return ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'].includes(key) ? key : '(other)';
}

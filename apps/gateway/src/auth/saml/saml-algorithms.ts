/**
 * The signature and digest algorithms the SP accepts. node-saml 5.1 (through xml-crypto) still
 * verifies RSA-SHA1 and SHA-1 digests; SHA-1 is refused here before any signature is checked
 * (NIST SP 800-131A Rev. 2 disallows SHA-1 for digital signature generation).
 */
import { SamlError } from './saml-errors';
import { descendantsByLocalName, type XmlDocument } from './saml-xml';

const SIGNATURE_METHODS: ReadonlyMap<string, 'sha256' | 'sha512'> = new Map([
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'sha256'],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'sha512'],
]);

const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);

const SHA1 = /sha-?1(?![0-9])/i;

/**
 * Every SignatureMethod and DigestMethod in the document, at any depth and in any namespace (a
 * wrapped copy counts too), must be on the list; SHA-1 gets its own code.
 */
export function checkXmlAlgorithms(doc: XmlDocument): void {
  for (const [localName, allowed] of [
    ['SignatureMethod', (a: string) => SIGNATURE_METHODS.has(a)],
    ['DigestMethod', (a: string) => DIGEST_METHODS.has(a)],
  ] as const) {
    for (const el of descendantsByLocalName(doc, localName)) {
      const algorithm = el.getAttribute('Algorithm') ?? '';
      if (SHA1.test(algorithm)) throw new SamlError('saml/sha1', `${localName} uses SHA-1`);
      if (!allowed(algorithm)) throw new SamlError('saml/bad-signature', `${localName} uses an unsupported algorithm`);
    }
  }
}

/** The Node hash for an HTTP-Redirect SigAlg (SAML Bindings §3.4.4.1), or a refusal. */
export function redirectHash(sigAlg: string): 'sha256' | 'sha512' {
  if (SHA1.test(sigAlg)) throw new SamlError('saml/sha1', 'SigAlg uses SHA-1');
  const hash = SIGNATURE_METHODS.get(sigAlg);
  if (!hash) throw new SamlError('saml/bad-signature', 'SigAlg is not a supported algorithm');
  return hash;
}

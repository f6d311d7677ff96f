import { CodedError } from '@delineo/errors';

/**
 * Every way the SAML service provider refuses a message. Messages name the element or attribute and
 * the kind of problem, never its value: NameIDs, attributes and issuers are identifiers, and errors
 * end up in logs. README.md maps each code to the SAML 2.0 section it enforces.
 */
export const SAML_ERROR_CODES = [
  /** Not base64, not well-formed XML, not the expected root, or a required element missing. */
  'saml/malformed',
  /** A DOCTYPE or ENTITY declaration (XXE, billion laughs): SAML never needs one. */
  'saml/doctype',
  /** The assertion (or a logout message) carries no signature. */
  'saml/unsigned',
  /** A signature does not verify against any configured IdP certificate, or uses an unknown algorithm. */
  'saml/bad-signature',
  /** A SHA-1 signature or digest algorithm, anywhere in the message or in the redirect SigAlg. */
  'saml/sha1',
  /** Assertion, Response or logout message Issuer is not the configured idpIssuer. */
  'saml/wrong-issuer',
  /** Response/LogoutRequest/LogoutResponse Destination is missing or not our endpoint. */
  'saml/wrong-destination',
  /** No bearer SubjectConfirmationData whose Recipient is our ACS. */
  'saml/wrong-recipient',
  /** No AudienceRestriction, or one without our entity ID. */
  'saml/wrong-audience',
  /** NotOnOrAfter is past (beyond the clock skew), or the logout message is too old. */
  'saml/expired',
  /** NotBefore is in the future (beyond the clock skew). */
  'saml/not-yet-valid',
  /** Top-level StatusCode is not Success. */
  'saml/status-not-success',
  /** InResponseTo names no request we sent, one that expired, or it disagrees between envelope and assertion. */
  'saml/unknown-request',
  /** This assertion or logout message ID was already accepted once. */
  'saml/replayed',
  /** An unsolicited (no InResponseTo) response while allowIdpInitiated is false. */
  'saml/idp-initiated-disabled',
  /** More than one Assertion anywhere in the document (signature wrapping), or none at top level. */
  'saml/multiple-assertions',
  /** EncryptedAssertion or EncryptedID: the SP publishes no encryption key and does not decrypt. */
  'saml/encrypted-unsupported',
  /** The SP settings are unusable (no IdP certificate, unparsable PEM, bad URL). A configuration bug. */
  'saml/invalid-settings',
] as const;

export type SamlErrorCode = (typeof SAML_ERROR_CODES)[number];

export class SamlError extends CodedError<SamlErrorCode> {}

export function isSamlError(e: unknown): e is SamlError {
  return e instanceof SamlError;
}

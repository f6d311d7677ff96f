import { CodedError } from '@delineo/errors';

/**
 * Error codes of the OpenID Connect relying party; the auth controller maps every one in its code
 * table. Messages name the step and the library's error code, never a token, a claim value or the
 * OP's free-text `error_description`, because errors end up in logs.
 */
export const OIDC_ERROR_CODES = [
  /** The issuer is not https (or loopback http), or its discovery document cannot be fetched or is invalid. */
  'oidc/discovery-failed',
  /** The callback has no `code`, cannot be parsed, or names another issuer (RFC 9207 `iss`). */
  'oidc/invalid-callback',
  /** The callback's `state` is missing or differs from the pending one (OIDC Core §3.1.2.1, RFC 6749 §10.12). */
  'oidc/state-mismatch',
  /** The OP answered with an `error` (access_denied, login_required, invalid_request, …); see `oauthError`. */
  'oidc/denied',
  /** The token request failed: refused by the OP (invalid_grant, e.g. a wrong PKCE verifier), unreachable, timed out. */
  'oidc/token-failed',
  /** The ID token's `nonce` differs from the pending one (OIDC Core §3.1.3.7 step 11). */
  'oidc/nonce-mismatch',
  /** The token response or ID token failed validation: signature, iss, aud, azp, exp, iat (OIDC Core §3.1.3.7). */
  'oidc/id-token-invalid',
  /** The UserInfo request failed or its `sub` differs from the ID token's (OIDC Core §5.3.2). */
  'oidc/userinfo-failed',
  /** The configured groups claim is present but is neither a string nor an array of strings. */
  'oidc/invalid-claims',
] as const;

export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];

export class OidcError extends CodedError<OidcErrorCode> {
  /** The OAuth 2.0 `error` code from the OP (RFC 6749 §4.1.2.1, §5.2), when there was one. */
  readonly oauthError: string | undefined;

  constructor(
    code: OidcErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      oauthError?: string;
    },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.oauthError = options?.oauthError;
  }
}

export function isOidcError(e: unknown): e is OidcError {
  return e instanceof OidcError;
}

/** RFC 6749 §5.2: error codes are %x20-21 / %x23-5B / %x5D-7E; anything else is not echoed. */
export function safeOauthError(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : 'unrecognised';
}

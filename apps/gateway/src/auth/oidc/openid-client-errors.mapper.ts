import type { OpenidClient } from './load-openid-client';
import { OidcError, type OidcErrorCode, safeOauthError } from './oidc-errors';

/** Library codes (oauth4webapi, re-thrown by openid-client's ClientError) that mean "the ID token or token response is invalid". */
const VALIDATION_CODES = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
]);

type Fields = { name?: unknown; code?: unknown; cause?: unknown; claim?: unknown };

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

/**
 * "TypeError ECONNREFUSED", "ClientError OAUTH_TIMEOUT": the error's class and codes only. Library
 * messages are generic, but their causes carry response bodies and claims, which must not reach logs.
 */
export function describeLibraryError(err: unknown): string {
  const parts: unknown[] = [fields(err).name, fields(err).code, fields(fields(err).cause).code];
  return parts.filter((p): p is string => typeof p === 'string' && /^[\w.-]{1,64}$/.test(p)).join(' ') || 'unknown';
}

/** openid-client reports a nonce mismatch as a claim comparison failure whose cause names the claim. */
function failedClaim(err: unknown): unknown {
  const outer = fields(fields(err).cause);
  return outer.claim ?? fields(outer.cause).claim;
}

/**
 * Maps an error thrown by openid-client during the token exchange (or UserInfo, with `fallback`
 * 'oidc/userinfo-failed') to an OidcError. Library classes are checked with the library's own
 * constructors: under jest they belong to another realm than this file's `Error`. The raw error is
 * not kept as `cause`: its cause holds the token response body or the ID token claims.
 */
export function mapLibraryError(
  client: OpenidClient,
  err: unknown,
  step: string,
  fallback: Extract<OidcErrorCode, 'oidc/token-failed' | 'oidc/userinfo-failed'>,
): OidcError {
  const what = `${step} failed (${describeLibraryError(err)})`;
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) {
    const oauthError = safeOauthError(err.error);
    const code = err instanceof client.AuthorizationResponseError ? 'oidc/denied' : fallback;
    return new OidcError(code, `${what}: OP error "${oauthError}"`, { oauthError });
  }
  if (err instanceof client.ClientError && typeof err.code === 'string') {
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && failedClaim(err) === 'nonce') {
      return new OidcError('oidc/nonce-mismatch', `${step}: the ID token nonce does not match the pending one`);
    }
    if (fallback === 'oidc/token-failed' && VALIDATION_CODES.has(err.code)) {
      return new OidcError('oidc/id-token-invalid', `${what}: the token response did not validate`);
    }
  }
  return new OidcError(fallback, what);
}

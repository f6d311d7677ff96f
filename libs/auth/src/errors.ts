import { CodedError } from '@delineo/errors';

/**
 * Domain error codes of libs/auth; each transport maps every one in its single code table. Messages
 * name the field and the kind of problem, never the value: passwords, codes, tokens and hashes are
 * secrets, and error messages end up in logs.
 */
export const AUTH_ERROR_CODES = [
  /** A new password fails the policy (NIST SP 800-63B §5.1.1.2); `problems` lists every finding. */
  'auth/weak-password',
  /** A stored scrypt string cannot be parsed, or its parameters are out of bounds. A data bug. */
  'auth/malformed-password-hash',
  /** A stored SHA-256 digest (API token, recovery code) is not in the expected form. A data bug. */
  'auth/malformed-hash',
  /** A presented API token is not `dln_<id>_<secret>`; thrown by callers when `parseApiToken` refuses. */
  'auth/malformed-token',
  /** A TOTP secret is not valid base32 (RFC 4648 §6) or is shorter than 128 bits (RFC 4226 §4 R6). */
  'auth/malformed-totp-secret',
  /** A role mapping names a role that is not in `ROLES`; `problems` lists every offending group. */
  'auth/unknown-role',
  /** A list of scopes names a scope that is not in `API_SCOPES`; `problems` lists every one. */
  'auth/unknown-scope',
  /** An audit record cannot be serialised canonically (invalid time, non-finite number). */
  'auth/invalid-audit-record',
  /** A caller passed a parameter out of its documented range. A caller bug. */
  'auth/invalid-parameter',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends CodedError<AuthErrorCode> {
  constructor(
    code: AuthErrorCode,
    message: string,
    /** Every problem found, for errors that check a whole input at once. */
    readonly problems: readonly string[] = [message],
  ) {
    super(code, message);
  }
}

export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
}

import { CodedError } from '@delineo/errors';

export const ACCESS_ERROR_CODES = [
  'access/unauthenticated',
  'access/forbidden',
  'access/csrf',
  'access/restricted',
  'access/invalid-credentials',
  'access/locked',
  'access/disabled',
  'access/sign-in-method-disabled',
  'access/invalid-request',
  'access/not-found',
  'access/sso-failed',
] as const;

export type AccessErrorCode = (typeof ACCESS_ERROR_CODES)[number];

/** Raised by the auth module; messages never hold credentials, tokens or IdP attribute values. */
export class AccessError extends CodedError<AccessErrorCode> {}

/** The HTTP mapping of access codes (one table, exhaustive). */
export function accessHttpStatus(code: AccessErrorCode): number {
  switch (code) {
    case 'access/unauthenticated':
    case 'access/invalid-credentials':
    case 'access/sso-failed':
      return 401;
    case 'access/forbidden':
    case 'access/csrf':
    case 'access/restricted':
    case 'access/disabled':
    case 'access/sign-in-method-disabled':
      return 403;
    case 'access/locked':
      return 429;
    case 'access/invalid-request':
      return 400;
    case 'access/not-found':
      return 404;
  }
}
